package city.urbanops.rules.evaluation;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.JsonSerde;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * The device stage alone in a small topology built like {@code RulesTopology}: the registry and rules global stores
 * fed from their topics, readings in, findings out, on a {@link TopologyTestDriver} whose wall clock the test moves.
 * {@link #restart()} gives a new driver whose stage stores hold what the old driver's changelogs held, as Kafka Streams
 * restores them after a restart or a partition move.
 */
final class DeviceStageHarness implements AutoCloseable {

    static final String APPLICATION = "device-stage-test";
    static final String READINGS = "readings";
    static final String FINDINGS = "findings";
    static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

    private static final JsonMapper JSON = new EventJson().mapper();
    private static final Map<String, Class<?>> STAGE_STORES = Map.of(
            DeviceStage.DEVICES_STORE, DeviceState.class,
            DeviceStage.CONDITIONS_STORE, RuleCondition.class,
            DeviceStage.ABSENCES_STORE, AbsenceWatch.class);

    final RulesSettings settings;
    final CountingMetrics metrics = new CountingMetrics();
    private final Path stateDir;
    private final List<DeviceRecord> devices = new ArrayList<>();
    private final Map<String, RuleRelease> rules = new java.util.LinkedHashMap<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, DeviceRecord> registryTopic;
    private TestInputTopic<String, RuleRelease> rulesTopic;
    private TestInputTopic<String, TelemetryRecord> readingsTopic;
    private TestOutputTopic<String, Finding> findingsTopic;
    private Instant wallClock;
    private long seq;

    DeviceStageHarness(RulesSettings settings, Path stateDir) {
        this.settings = settings;
        this.stateDir = stateDir;
        start(START);
    }

    private void start(Instant wallClockStart) {
        wallClock = wallClockStart;
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology(settings, metrics), properties, wallClockStart);
        registryTopic = driver.createInputTopic(Topics.REGISTRY_DEVICES, new StringSerializer(),
                new JsonSerde<>(JSON, DeviceRecord.class).serializer());
        rulesTopic = driver.createInputTopic(Topics.RULES, new StringSerializer(),
                new JsonSerde<>(JSON, RuleRelease.class).serializer());
        readingsTopic = driver.createInputTopic(READINGS, new StringSerializer(),
                new JsonSerde<>(JSON, TelemetryRecord.class).serializer());
        findingsTopic = driver.createOutputTopic(FINDINGS, new StringDeserializer(),
                new JsonSerde<>(JSON, Finding.class).deserializer());
    }

    private static Topology topology(RulesSettings settings, RulesMetrics metrics) {
        var builder = new StreamsBuilder();
        RulesTopology.addGlobalStores(builder);
        builder.stream(READINGS, Consumed.with(Serdes.String(), new JsonSerde<>(JSON, TelemetryRecord.class)))
                .process(DeviceStage.supplier(settings, metrics))
                .to(FINDINGS, Produced.with(Serdes.String(), new JsonSerde<>(JSON, Finding.class)));
        return builder.build();
    }

    // ---- the world: registry, rules, readings, wall clock

    static DeviceRecord sensor(String deviceId, String deviceType, String district, String... measurements) {
        return new DeviceRecord(deviceId, null, DeviceKind.SENSOR, deviceType, "gw-1", DeviceLifecycle.ACTIVE, null,
                "water", district, "site-1", 52.0, 4.0, List.of(measurements), 1, START);
    }

    static RuleRelease rule(String ruleId, int version, Condition condition) {
        return new RuleRelease(ruleId, version, new RuleDocument("rule " + ruleId, null, Severity.MAJOR,
                "send a crew", Scope.everything(), condition), START, "supervisor");
    }

    DeviceStageHarness register(DeviceRecord device) {
        devices.removeIf(known -> known.deviceId().equals(device.deviceId()));
        devices.add(device);
        registryTopic.pipeInput(device.deviceId(), device, wallClock);
        return this;
    }

    /** Enables (or replaces) a release and lets the stage's next rules refresh pick it up. */
    DeviceStageHarness enable(RuleRelease release) {
        rules.put(release.ruleId(), release);
        rulesTopic.pipeInput(release.ruleId(), release, wallClock);
        advanceWallClock(DeviceStage.RULES_REFRESH);
        return this;
    }

    DeviceStageHarness disable(String ruleId) {
        rules.remove(ruleId);
        rulesTopic.pipeInput(ruleId, null, wallClock);
        advanceWallClock(DeviceStage.RULES_REFRESH);
        return this;
    }

    void advanceWallClock(Duration duration) {
        wallClock = wallClock.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** Moves the wall clock to {@code time} (if it is ahead), so that a reading of that time is live. */
    void wallClockAt(Instant time) {
        if (time.isAfter(wallClock)) {
            advanceWallClock(Duration.between(wallClock, time));
        }
    }

    Instant wallClock() {
        return wallClock;
    }

    /** A reading that arrives as it happens: the wall clock is moved to its event time first. */
    void live(String deviceId, Instant time, Measurement... measurements) {
        wallClockAt(time);
        pipe(new TelemetryRecord(deviceId, ++seq, time, EventClass.ENVIRONMENTAL, "gw-1", wallClock,
                List.of(measurements)));
    }

    /** A reading that arrives whenever the wall clock is now: a replay, a late or a re-delivered one. */
    void pipe(TelemetryRecord reading) {
        readingsTopic.pipeInput(reading.deviceId(), reading, reading.time());
    }

    TelemetryRecord reading(String deviceId, Instant time, Measurement... measurements) {
        return new TelemetryRecord(deviceId, ++seq, time, EventClass.ENVIRONMENTAL, "gw-1", wallClock,
                List.of(measurements));
    }

    static Measurement level(double metres) {
        return Measurement.numeric("water_level", "m", metres);
    }

    // ---- what came out

    /** Every finding since the last call, in order. */
    List<Finding> findings() {
        return findingsTopic.readValuesToList();
    }

    List<Finding.ConditionChange> conditions() {
        return findings().stream().filter(Finding.ConditionChange.class::isInstance)
                .map(Finding.ConditionChange.class::cast).toList();
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /**
     * Closes this driver and starts a new one {@code downFor} later on the wall clock, its stage stores restored from
     * the old one's changelog topics and its global stores from their topics, as Kafka Streams does after a restart
     * or on the instance a partition moves to. Restoring from the changelog rather than reopening the same state
     * directory is the only way with the test driver: its {@code close()} deletes the task directories, and a second
     * driver cannot open RocksDB stores the first still holds. It is also the stronger test: a partition move has
     * nothing but the changelog.
     */
    void restart(Duration downFor) {
        var changelogs = new java.util.LinkedHashMap<String, List<org.apache.kafka.streams.test.TestRecord<String,
                Object>>>();
        for (var store : STAGE_STORES.entrySet()) {
            @SuppressWarnings("unchecked")
            var serde = JsonSerde.internal((Class<Object>) store.getValue());
            changelogs.put(store.getKey(), driver.createOutputTopic(APPLICATION + "-" + store.getKey() + "-changelog",
                    new StringDeserializer(), serde.deserializer()).readRecordsToList());
        }
        driver.close();
        start(wallClock.plus(downFor));
        for (var changelog : changelogs.entrySet()) {
            KeyValueStore<String, Object> store = driver.getKeyValueStore(changelog.getKey());
            for (var record : changelog.getValue()) {
                if (record.value() == null) {
                    store.delete(record.key());
                } else {
                    store.put(record.key(), record.value());
                }
            }
        }
        devices.forEach(device -> registryTopic.pipeInput(device.deviceId(), device, wallClock));
        rules.values().forEach(release -> rulesTopic.pipeInput(release.ruleId(), release, wallClock));
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Counts what the stage meters, by what and reason. */
    static final class CountingMetrics implements RulesMetrics {
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        @Override
        public void readingEvaluated(boolean quarantined) {
            count(quarantined ? "evaluated-quarantined" : "evaluated");
        }

        @Override
        public void readingIgnored(String reason) {
            count("ignored:" + reason);
        }

        @Override
        public void measurementUnusable(String reason) {
            count("unusable:" + reason);
        }

        private void count(String what) {
            counts.computeIfAbsent(what, key -> new AtomicLong()).incrementAndGet();
        }

        long get(String what) {
            var count = counts.get(what);
            return count == null ? 0 : count.get();
        }
    }
}
