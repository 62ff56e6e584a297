package city.urbanops.events;

import java.util.List;

/** Kafka topic names shared by all services. */
public final class Topics {
    public static final String TELEMETRY_STATE = "telemetry.state";
    public static final String TELEMETRY_ENVIRONMENTAL = "telemetry.environmental";
    public static final String TELEMETRY_MOBILITY = "telemetry.mobility";
    public static final String TELEMETRY_FAILURE = "telemetry.failure";
    /** Dead letter: every rejected payload or reading, with its reason. */
    public static final String TELEMETRY_REJECTED = "telemetry.rejected";
    /**
     * The telemetry store's dead letter: a class-topic record the store could not decode or the database refused after
     * bounded retries, as it was consumed (same key, value and CloudEvents headers) plus the store's reason in
     * {@code urbanops_dlt-reason} and {@code kafka_dlt-*} headers.
     */
    public static final String TELEMETRY_STORE_DEAD_LETTER = "telemetry.store.dead-letter";
    /** Compacted, keyed by device id: the registry's current view of every device and gateway. */
    public static final String REGISTRY_DEVICES = "registry.devices";
    /** Gateway connect, disconnect and last-will events, keyed by gateway id. */
    public static final String GATEWAY_STATUS = "gateway.status";
    /** Commands and configuration for gateways, keyed by gateway id. */
    public static final String GATEWAY_COMMANDS = "gateway.commands";
    /** Alert lifecycle events, keyed by alert condition. */
    public static final String ALERTS = "alerts";

    /** The four class topics, in {@link EventClass} order. */
    public static final List<String> CLASS_TOPICS =
            List.of(TELEMETRY_STATE, TELEMETRY_ENVIRONMENTAL, TELEMETRY_MOBILITY, TELEMETRY_FAILURE);

    /** Every topic the platform uses; the local platform and the test kit create them all. */
    public static final List<String> ALL = List.of(TELEMETRY_STATE, TELEMETRY_ENVIRONMENTAL, TELEMETRY_MOBILITY,
            TELEMETRY_FAILURE, TELEMETRY_REJECTED, TELEMETRY_STORE_DEAD_LETTER, REGISTRY_DEVICES, GATEWAY_STATUS, GATEWAY_COMMANDS, ALERTS);

    private Topics() {
    }
}
