package city.urbanops.events;

import static city.urbanops.events.TopicDefinition.compacted;
import static city.urbanops.events.TopicDefinition.deleteAfter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kafka topic names shared by all services, and how each topic is created ({@link #DEFINITIONS}): the test kit, the
 * local platform and {@code deploy/kafka/create-topics.sh} (generated from these definitions) all create them so.
 */
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
    /**
     * Compacted, keyed by gateway id: what the MQTT edge needs to admit each gateway (its lifecycle and the SHA-256 of
     * its secrets). Credential material travels here only, never on {@link #REGISTRY_DEVICES}.
     */
    public static final String REGISTRY_GATEWAY_CREDENTIALS = "registry.gateway-credentials";
    /** Gateway connect, disconnect and last-will events, keyed by gateway id. */
    public static final String GATEWAY_STATUS = "gateway.status";
    /** Commands and configuration for gateways, keyed by gateway id. */
    public static final String GATEWAY_COMMANDS = "gateway.commands";
    /** Alert condition transitions (raised, updated, cleared), keyed by alert condition. */
    public static final String ALERTS = "alerts";
    /**
     * Compacted, keyed by rule id: the version of each rule that rules-service evaluates (a tombstone once a rule is
     * disabled). Written and read by rules-service only; its database holds every version.
     */
    public static final String RULES = "rules.definitions";
    /**
     * rules-service's dead letter: an input record (reading, gateway status) it could not decode, as it came, with the
     * reason in {@code urbanops_dlt-reason}.
     */
    public static final String RULES_DEAD_LETTER = "rules.dead-letter";
    /**
     * device-registry-service's dead letter: a record its activity consumer could not use (a {@code gateway.status}
     * value that does not decode, a record without a key), as it came, with the reason in {@code urbanops_dlt-reason}.
     */
    public static final String REGISTRY_DEAD_LETTER = "registry.dead-letter";
    /**
     * alerting-service's dead letter: an {@code alerts} record it could not decode (a required field missing, JSON it
     * cannot read) or the database refused for what it holds, as it came, with the reason in
     * {@code urbanops_dlt-reason}.
     */
    public static final String ALERTING_DEAD_LETTER = "alerting.dead-letter";
    /**
     * Every stored change of an alert (opened, acknowledged, assigned, commented, resolved, ...), keyed by alerting's
     * alert id, for the live console: what alerting did with the conditions of {@link #ALERTS}.
     */
    public static final String ALERTS_LIFECYCLE = "alerts.lifecycle";
    /**
     * What became of each gateway command (delivered, applied, refused, expired), keyed by gateway id: ingestion
     * writes what the gateway answered on its MQTT uplink, operator-api shows it.
     */
    public static final String GATEWAY_COMMAND_RESULTS = "gateway.command-results";
    /**
     * Material actions of every service (lifecycle and credential changes, rule changes, acknowledgements, ...),
     * keyed by source, for the audit log; operator-api is the log's one writer.
     */
    public static final String AUDIT_EVENTS = "audit.events";
    /**
     * The head of operator-api's audit chain (seq and hash of its newest entry), keyed by chain, compacted: a record
     * of the log kept outside its database, so removing the newest entries is found by a verification.
     */
    public static final String AUDIT_ANCHORS = "audit.anchors";
    /** operator-api's dead letter: an audit event or command result it could not apply, with its reason. */
    public static final String OPERATOR_DEAD_LETTER = "operator.dead-letter";
    /**
     * ingestion-service's dead letter for what it consumes: a {@code gateway.commands} or
     * {@code gateway.command-results} record it could not read or that breaks its schema, as it came, with the reason
     * in {@code urbanops_dlt-reason}. (Refused telemetry goes to {@link #TELEMETRY_REJECTED}.)
     */
    public static final String INGESTION_DEAD_LETTER = "ingestion.dead-letter";

    /** The four class topics, in {@link EventClass} order. */
    public static final List<String> CLASS_TOPICS =
            List.of(TELEMETRY_STATE, TELEMETRY_ENVIRONMENTAL, TELEMETRY_MOBILITY, TELEMETRY_FAILURE);

    private static final String REPLAY_WINDOW =
            "the replay window for consumers that were down, not the archive: long-term telemetry is in the store";
    private static final String DEAD_LETTER =
            "two weeks to notice a dead letter, find the cause and replay what is worth replaying";

    /** Every topic the platform uses, with its production settings; one entry per name. */
    public static final List<TopicDefinition> DEFINITIONS = List.of(
            deleteAfter(TELEMETRY_STATE, days(7), REPLAY_WINDOW),
            deleteAfter(TELEMETRY_ENVIRONMENTAL, days(7), REPLAY_WINDOW),
            deleteAfter(TELEMETRY_MOBILITY, days(3), REPLAY_WINDOW + "; raw mobility is bulky, so a shorter one"),
            deleteAfter(TELEMETRY_FAILURE, days(30), REPLAY_WINDOW + "; failures are rare and triage looks back a month"),
            deleteAfter(TELEMETRY_REJECTED, days(14), DEAD_LETTER),
            deleteAfter(TELEMETRY_STORE_DEAD_LETTER, days(14), DEAD_LETTER + " (the store's, like telemetry.rejected)"),
            compacted(REGISTRY_DEVICES, Duration.ZERO,
                    "the registry's current view of every device: the latest record per device, never expired"),
            compacted(REGISTRY_GATEWAY_CREDENTIALS, Duration.ZERO,
                    "what the MQTT edge needs to admit each gateway (hashes only): the latest record per gateway, "
                            + "never expired; restrict it to the registry (write) and ingestion (read)"),
            deleteAfter(GATEWAY_STATUS, days(30),
                    "connectivity history that triage reads (compaction would keep only each gateway's last event); "
                            + "as long as the longest class-topic window, telemetry.failure's"),
            deleteAfter(GATEWAY_COMMANDS, days(1), "a command that waited a day is stale and must not fire"),
            deleteAfter(ALERTS, days(30), "a month of alert lifecycle to replay into alerting and the console"),
            compacted(RULES, Duration.ZERO,
                    "the rule versions every rules instance evaluates: the latest per rule, never expired"),
            deleteAfter(RULES_DEAD_LETTER, days(14), DEAD_LETTER + " (rules-service's)"),
            deleteAfter(REGISTRY_DEAD_LETTER, days(14), DEAD_LETTER + " (device-registry-service's)"),
            deleteAfter(ALERTING_DEAD_LETTER, days(14), DEAD_LETTER + " (alerting-service's)"),
            deleteAfter(ALERTS_LIFECYCLE, days(30),
                    "a month of what people and alerting did with alerts, as long as the alerts topic it follows"),
            deleteAfter(GATEWAY_COMMAND_RESULTS, days(7),
                    "a week: results arrive within a command's expiry, and operator-api stores each as it comes"),
            deleteAfter(AUDIT_EVENTS, days(30),
                    "a month for operator-api to chain every entry even after a long outage; the log itself is in "
                            + "operator-api's database"),
            compacted(AUDIT_ANCHORS, Duration.ZERO,
                    "the newest head of operator-api's audit chain, outside its database: never expired; restrict "
                            + "writes to operator-api"),
            deleteAfter(OPERATOR_DEAD_LETTER, days(14), DEAD_LETTER + " (operator-api's)"),
            deleteAfter(INGESTION_DEAD_LETTER, days(14), DEAD_LETTER + " (ingestion-service's consumed records)"));

    /** Every topic name the platform uses, in {@link #DEFINITIONS} order. */
    public static final List<String> ALL = DEFINITIONS.stream().map(TopicDefinition::name).toList();

    private Topics() {
    }

    /** How the platform topic {@code name} is created; empty for a name that is not a platform topic. */
    public static Optional<TopicDefinition> definition(String name) {
        return DEFINITIONS.stream().filter(definition -> definition.name().equals(name)).findFirst();
    }

    private static Duration days(int days) {
        return Duration.ofDays(days);
    }
}
