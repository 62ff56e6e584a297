package city.urbanops.events;

/** The class of a reading, decided at ingestion; each class has its own Kafka topic keyed by device id. */
public enum EventClass {
    /** On/off, open/closed, occupied: discrete states of a thing. */
    STATE(Topics.TELEMETRY_STATE),
    /** Air, water level, noise, vibration, temperature. */
    ENVIRONMENTAL(Topics.TELEMETRY_ENVIRONMENTAL),
    /** Vehicle flow, charger status, position, parking. */
    MOBILITY(Topics.TELEMETRY_MOBILITY),
    /** Leak, anomaly, tamper, offline, device self-diagnostics. */
    FAILURE(Topics.TELEMETRY_FAILURE);

    private final String topic;

    EventClass(String topic) {
        this.topic = topic;
    }

    /** The Kafka topic readings of this class are produced to. */
    public String topic() {
        return topic;
    }
}
