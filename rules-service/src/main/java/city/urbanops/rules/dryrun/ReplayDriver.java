package city.urbanops.rules.dryrun;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.JsonSerde;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import city.urbanops.rules.topology.StateStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The live topology ({@link RulesTopology#build}, its stages' state in memory: {@link StateStores#IN_MEMORY}) in Kafka
 * Streams' in-memory driver, fed recorded history with its original record times while its wall clock follows them,
 * so wall-clock logic (absences, settle windows, the grace for late data) behaves as it did live. Nothing leaves it: its {@code alerts} output is read, never a real topic.
 * One driver per rule version, with a state directory of its own that closing deletes.
 */
final class ReplayDriver implements AutoCloseable {

    private final Path stateDirectory;
    private final TopologyTestDriver driver;
    private final Duration wallClockStep;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private final TestOutputTopic<String, AlertEvent> alerts;
    private final TestOutputTopic<String, byte[]> deadLetter;
    private final EventJson json = new EventJson();
    private Instant wallClock;
    private long undecodable;

    /**
     * @param stateParent where the driver's state directory is made (the stages' stores are in memory; the
     *                    directory holds the driver's own bookkeeping)
     */
    ReplayDriver(RulesSettings settings, Instant wallClockStart, Path stateParent) {
        try {
            this.stateDirectory = Files.createTempDirectory(Files.createDirectories(stateParent), "rules-dry-run-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the dry run's state directory", e);
        }
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-dry-run");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dry-run.invalid:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        this.driver = new TopologyTestDriver(
                RulesTopology.build(settings, RulesMetrics.NONE, AutoOffsetReset.earliest(), StateStores.IN_MEMORY),
                properties,
                wallClockStart);
        this.wallClock = wallClockStart;
        this.wallClockStep = settings.absenceCheckEvery().isPositive() ? settings.absenceCheckEvery()
                : Duration.ofSeconds(1);
        var topics = new ArrayList<>(Topics.CLASS_TOPICS);
        topics.addAll(List.of(Topics.GATEWAY_STATUS, Topics.REGISTRY_DEVICES, Topics.RULES));
        topics.forEach(topic -> inputs.put(topic,
                driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())));
        this.alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(),
                new JsonSerde<>(json.mapper(), AlertEvent.class).deserializer());
        this.deadLetter = driver.createOutputTopic(Topics.RULES_DEAD_LETTER, new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Fills the registry's global store with the registry as it is now. */
    void loadRegistry(Collection<ConsumerRecord<String, byte[]>> devices) {
        var input = inputs.get(Topics.REGISTRY_DEVICES);
        devices.forEach(record -> input.pipeInput(new TestRecord<>(record.key(), record.value(),
                new RecordHeaders(record.headers().toArray()), wallClock)));
    }

    /** Puts {@code release} on the rules topic, as enabling it live does. */
    void enable(RuleRelease release) {
        inputs.get(Topics.RULES).pipeInput(new TestRecord<>(release.ruleId(), json.write(release), null, wallClock));
    }

    /**
     * Pipes one history record into its topic at its original time, the wall clock moved up to that time first (see
     * {@link #advanceTo}, which the caller uses beforehand to keep a silence within its time limit).
     */
    void replay(HistoryRecord record) {
        var time = record.time();
        advanceTo(time, () -> false);
        inputs.get(record.topic()).pipeInput(new TestRecord<>(record.key(), record.value(),
                new RecordHeaders(record.headers().toArray()), time));
    }

    /**
     * Moves the wall clock forward to {@code time} (never back), one absence-check interval at a time, so punctuation
     * runs as often as it did live. Stops early, at a whole step, once {@code outOfTime} says so.
     *
     * @return whether the wall clock reached {@code time}
     */
    boolean advanceTo(Instant time, BooleanSupplier outOfTime) {
        while (wallClock.plus(wallClockStep).isBefore(time)) {
            if (outOfTime.getAsBoolean()) {
                return false;
            }
            driver.advanceWallClockTime(wallClockStep);
            wallClock = wallClock.plus(wallClockStep);
        }
        if (wallClock.isBefore(time)) {
            driver.advanceWallClockTime(Duration.between(wallClock, time));
            wallClock = time;
        }
        return true;
    }

    /** Where the driver's wall clock stands. */
    Instant wallClock() {
        return wallClock;
    }

    /** The alerts the topology wrote since the last call, in the order it wrote them. */
    List<AlertEvent> takeAlerts() {
        if (!deadLetter.isEmpty()) {
            undecodable += deadLetter.readRecordsToList().size();
        }
        return alerts.isEmpty() ? List.of() : alerts.readValuesToList();
    }

    /** History records the topology could not decode and dead-lettered (to nowhere: the driver is in memory). */
    long undecodable() {
        return undecodable;
    }

    Path stateDirectory() {
        return stateDirectory;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            deleteRecursively(stateDirectory);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the dry run's state directory " + root, e);
        }
    }
}
