package city.urbanops.rules.topology;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.rules.evaluation.DeviceStage;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.triage.TriageStage;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole evaluation as one pure function from settings to a Kafka Streams topology, so that the live service and
 * the dry run run the very same code. Readings (the four class topics, keyed by device) pass the device stage, which
 * evaluates each device's rules and health in event time and its silences against the wall clock; gateway status
 * changes are routed to their gateway's district; triage (keyed by district) decides cause, suppression and grouping
 * and writes {@link AlertEvent}s to {@code alerts}, keyed by condition. The registry and the enabled rules reach every
 * instance as global stores built from their compacted topics.
 */
public final class RulesTopology {

    /** Global store: the registry's devices and gateways by id. */
    public static final String REGISTRY_STORE = "registry-devices";
    /** Global store: the enabled version of each rule by rule id. */
    public static final String RULES_STORE = "rule-releases";
    /** Name of the internal repartition topic that carries findings to triage (prefixed by the application id). */
    public static final String FINDINGS = "findings";
    /** How many distinct registry records and rule releases the global stores' readers keep parsed. */
    static final int INTERNED_DEVICES = 200_000;
    static final int INTERNED_RULES = 20_000;

    private RulesTopology() {
    }

    /**
     * @param readingsStart where to begin on the class topics when the application has no committed offsets: the
     *                      service starts from the latest readings (history is the dry run's), tests from the earliest
     */
    public static Topology build(RulesSettings settings, RulesMetrics metrics, AutoOffsetReset readingsStart) {
        return build(settings, metrics, readingsStart, StateStores.PERSISTENT);
    }

    /** The same topology with its stages' state in stores of the given kind (in memory for the dry run). */
    public static Topology build(RulesSettings settings, RulesMetrics metrics, AutoOffsetReset readingsStart,
                                 StateStores stores) {
        // The event model's format, read with a fast path for its instants (see FastInstants).
        JsonMapper json = FastInstants.on(new EventJson().mapper());
        var builder = new StreamsBuilder();
        addGlobalStores(builder);

        KStream<String, Finding> deviceFindings = decoded(builder, Topics.CLASS_TOPICS, readingsStart, json,
                TelemetryRecord.class, reading -> reading.deviceId() != null && reading.time() != null
                        && reading.measurements() != null, metrics, "readings")
                .process(DeviceStage.supplier(settings, metrics, stores), Named.as("device-stage"));
        KStream<String, Finding> gatewayFindings = decoded(builder, java.util.List.of(Topics.GATEWAY_STATUS),
                AutoOffsetReset.earliest(), json, GatewayStatusEvent.class,
                status -> status.gatewayId() != null && status.connectivity() != null && status.time() != null,
                metrics, "gateway-status")
                .process(GatewayRouter::new, Named.as("gateway-router"));

        deviceFindings.merge(gatewayFindings, Named.as("all-findings"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.internal(Finding.class))
                        .withName(FINDINGS))
                .process(TriageStage.supplier(settings, metrics, stores), Named.as("triage"))
                .processValues(AlertRecords::new, Named.as("alert-headers"))
                .to(Topics.ALERTS, Produced.with(Serdes.String(), new JsonSerde<>(json, AlertEvent.class))
                        .withName("alerts"));
        return builder.build();
    }

    private static <T> KStream<String, T> decoded(StreamsBuilder builder, java.util.List<String> topics,
                                                  AutoOffsetReset start, JsonMapper json, Class<T> type,
                                                  java.util.function.Predicate<T> complete, RulesMetrics metrics,
                                                  String name) {
        KStream<String, Decoder.Decoded<T>> decoded = builder
                .stream(topics, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name)
                        .withOffsetResetPolicy(start))
                .processValues(() -> new Decoder<>(json, type, complete, metrics), Named.as("decode-" + name));
        decoded.filter((key, value) -> value instanceof Decoder.Decoded.Undecodable<T>, Named.as("undecodable-" + name))
                .processValues(Decoder.DeadLetter<T>::new, Named.as("dead-letter-" + name))
                .to(Topics.RULES_DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("dead-letter-sink-" + name));
        return decoded.filter((key, value) -> value instanceof Decoder.Decoded.Ok<T>, Named.as("decodable-" + name))
                .mapValues(value -> ((Decoder.Decoded.Ok<T>) value).value(), Named.as("decoded-" + name));
    }

    /**
     * Adds the global stores every stage reads, {@link #REGISTRY_STORE} and {@link #RULES_STORE}, kept equal to their
     * compacted topics; a stage tested on its own gets them the same way.
     */
    public static void addGlobalStores(StreamsBuilder builder) {
        JsonMapper json = new EventJson().mapper();
        // Read for every reading, changed rarely: each distinct record is parsed once (bounded, see JsonSerde).
        addGlobalStore(builder, REGISTRY_STORE, Topics.REGISTRY_DEVICES,
                JsonSerde.interning(json, DeviceRecord.class, INTERNED_DEVICES));
        addGlobalStore(builder, RULES_STORE, Topics.RULES, JsonSerde.interning(json, RuleRelease.class, INTERNED_RULES));
    }

    private static <V> void addGlobalStore(StreamsBuilder builder, String storeName, String topic, JsonSerde<V> serde) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName), Serdes.String(), serde)
                        .withLoggingDisabled(),
                topic,
                Consumed.with(Serdes.String(), serde).withName(storeName + "-source"),
                () -> new StoreUpdater<V>(storeName));
    }
}
