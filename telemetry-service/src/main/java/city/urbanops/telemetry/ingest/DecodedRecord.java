package city.urbanops.telemetry.ingest;

import city.urbanops.telemetry.store.MeasurementRow;
import java.util.List;

/** The outcome of decoding one class-topic record: its rows, or the reason it cannot be stored. */
sealed interface DecodedRecord {

    /** A record whose measurements become {@code rows}. */
    record Readable(List<MeasurementRow> rows) implements DecodedRecord {
    }

    /**
     * A record that is not a usable TelemetryRecord; it is dead-lettered, never retried. {@code reason} is fixed text
     * fit for a log; {@code detail} (the parser's message, empty if none) may quote the value.
     */
    record Undecodable(String reason, String detail) implements DecodedRecord {

        Undecodable(String reason) {
            this(reason, "");
        }
    }
}
