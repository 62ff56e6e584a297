package city.urbanops.telemetry.ingest;

/**
 * Why a class-topic record went to the store's dead letter. The names are stable codes: they travel in the
 * {@value StoreDeadLetters#REASON_HEADER} header and tag {@code urbanops.telemetry.dead.letters}.
 */
public enum DeadLetterReason {

    /** Not a usable TelemetryRecord: not JSON, wrong shape, required fields missing. */
    UNDECODABLE,

    /** A TelemetryRecord the database refuses for what it holds (U+0000 in text, a time out of range, ...). */
    REFUSED_BY_DATABASE
}
