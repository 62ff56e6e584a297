package city.urbanops.ingestion.uplink;

import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.TelemetryRecord;

/** The verdict on one reading of a batch: a record for its class topic, or a reason to refuse it. */
sealed interface ReadingVerdict {

    record Accepted(TelemetryRecord record) implements ReadingVerdict {
    }

    /** {@code detail} names the offending field as a JSON Pointer into the batch. */
    record Rejected(RejectReason reason, String detail) implements ReadingVerdict {
    }
}
