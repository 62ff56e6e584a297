package city.urbanops.events.telemetry;

/** Why ingestion refused a payload or a reading. Stable codes: dashboards and alerts key on them. */
public enum RejectReason {
    /** Not JSON, truncated, or not valid UTF-8. */
    MALFORMED,
    /** JSON, but not an uplink batch or reading as the schema defines it (missing field, wrong type). */
    SCHEMA,
    /** Larger than the MQTT edge accepts for one message. */
    OVERSIZED,
    /** The reading names an event class the platform does not have. */
    UNKNOWN_EVENT_CLASS,
    /** A measurement name outside the catalogue, so the reading cannot be classified. */
    UNKNOWN_MEASUREMENT,
    /** A unit that is not the measurement's canonical unit and cannot be converted. */
    UNIT,
    /**
     * A value the platform cannot store or compute with: a string with control characters or unpaired surrogates, a
     * number that is not finite, or a value of the wrong kind for its measurement (text where a number belongs).
     */
    VALUE,
    /**
     * A number outside its measurement's physical range (a fill level of -5000 %): the device is reporting nonsense,
     * which is a device-fault signal. Keyed by device id like every per-reading rejection, so triage can count them.
     */
    OUT_OF_RANGE,
    /** The reading's {@code eventClass} hint contradicts the class its measurements belong to. */
    EVENT_CLASS_MISMATCH,
    /** A time absurdly far in the past or future. */
    TIME,
    /** Published to a topic that is not the publishing gateway's own uplink topic. */
    TOPIC,
    /** The device is not in the registry. */
    UNKNOWN_DEVICE,
    /** The device is not active (provisioned, suspended, revoked or decommissioned). */
    INACTIVE_DEVICE,
    /** The device is attached to another gateway. */
    GATEWAY_MISMATCH
}
