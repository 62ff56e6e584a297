package city.urbanops.rules.triage;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.JsonSerde;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The triage stage alone, as the rules topology wires it: the registry and rules global stores fed from their
 * compacted topics, findings keyed by district in, alerts keyed by condition key out. The wall clock starts at
 * {@link #START} and moves only by {@link #advance(Duration)}; every record carries an explicit event time.
 */
final class TriageHarness implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-30T08:00:00Z");
    private static final String FINDINGS = "triage-findings";
    private static final String ALERTS = "triage-alerts-out";

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Finding> findings;
    private final TestInputTopic<String, DeviceRecord> registry;
    private final TestInputTopic<String, RuleRelease> rules;
    private final TestOutputTopic<String, AlertEvent> alerts;
    private final Path stateDir;
    private final List<AlertEvent> emitted = new ArrayList<>();
    private Duration elapsed = Duration.ZERO;
    final CountingMetrics metrics = new CountingMetrics();

    TriageHarness() {
        this(RulesSettings.defaults());
    }

    TriageHarness(RulesSettings settings) {
        var json = new EventJson().mapper();
        var builder = new StreamsBuilder();
        RulesTopology.addGlobalStores(builder);
        builder.stream(FINDINGS, Consumed.with(Serdes.String(), new JsonSerde<>(json, Finding.class)))
                .process(TriageStage.supplier(settings, metrics))
                .to(ALERTS, Produced.with(Serdes.String(), new JsonSerde<>(json, AlertEvent.class)));
        try {
            stateDir = stateDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), properties, START);
        findings = driver.createInputTopic(FINDINGS, new StringSerializer(),
                new JsonSerde<>(json, Finding.class).serializer());
        registry = driver.createInputTopic(Topics.REGISTRY_DEVICES, new StringSerializer(),
                new JsonSerde<>(json, DeviceRecord.class).serializer());
        rules = driver.createInputTopic(Topics.RULES, new StringSerializer(),
                new JsonSerde<>(json, RuleRelease.class).serializer());
        alerts = driver.createOutputTopic(ALERTS, new StringDeserializer(),
                new JsonSerde<>(json, AlertEvent.class).deserializer());
    }

    void register(DeviceRecord... devices) {
        for (var device : devices) {
            registry.pipeInput(device.deviceId(), device);
        }
    }

    void enable(RuleRelease release) {
        rules.pipeInput(release.ruleId(), release);
    }

    /** A finding received now (wall clock), with its own event time inside. */
    void send(Finding finding) {
        findings.pipeInput(finding.district(), finding, now());
    }

    void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** The wall clock inside the topology. */
    Instant now() {
        return START.plus(elapsed);
    }

    /** Every alert emitted so far, in order. */
    List<AlertEvent> alerts() {
        emitted.addAll(alerts.readValuesToList());
        return List.copyOf(emitted);
    }

    List<AlertEvent> alertsOf(String conditionKey) {
        return alerts().stream().filter(a -> a.conditionKey().equals(conditionKey)).toList();
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The driver commits after every record, and a commit checkpoints each persistent store with an fsync: on a
     * RAM disk, where there is one, a 500-device test takes seconds instead of a minute, with the same RocksDB stores.
     */
    private static Path stateDirectory() throws IOException {
        var ramDisk = Path.of("/dev/shm");
        return Files.isDirectory(ramDisk) && Files.isWritable(ramDisk)
                ? Files.createTempDirectory(ramDisk, "triage-test") : Files.createTempDirectory("triage-test");
    }

    /** Counts what triage meters, so tests can see suppression and emissions. */
    static final class CountingMetrics implements RulesMetrics {
        int suppressed;
        final List<Long> latencies = new ArrayList<>();

        @Override
        public void suppressed() {
            suppressed++;
        }

        @Override
        public void alertEmitted(AlertEvent alert, long latencyMillis) {
            latencies.add(latencyMillis);
        }
    }
}
