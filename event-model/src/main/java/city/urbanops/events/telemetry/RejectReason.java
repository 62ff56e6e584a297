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
