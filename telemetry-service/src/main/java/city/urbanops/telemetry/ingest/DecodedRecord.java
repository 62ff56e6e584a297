package city.urbanops.telemetry.ingest;

import city.urbanops.telemetry.store.MeasurementRow;
import java.util.List;

/** The outcome of decoding one class-topic record: its rows, or the reason it cannot be stored. */
sealed interface DecodedRecord {

    /** A record whose measurements become {@code rows}. */
    record Readable(List<MeasurementRow> rows) implements DecodedRecord {
    }

    /** A record that is not a usable TelemetryRecord; it is counted and skipped, never retried. */
    record Undecodable(String reason) implements DecodedRecord {
    }
}
