package city.urbanops.telemetry.ingest;

/**
 * Why one record is not stored, as the dead-letter publisher reports it: its class and message become the
 * {@code kafka_dlt-exception-*} headers of the dead letter. Never thrown.
 */
final class RecordNotStoredException extends RuntimeException {

    private final DeadLetterReason reason;

    RecordNotStoredException(DeadLetterReason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
