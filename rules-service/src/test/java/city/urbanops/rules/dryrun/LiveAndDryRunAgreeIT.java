package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.codec.EventJson;
import city.urbanops.rules.dryrun.DryRunResult.DryRunAlert;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import city.urbanops.testkit.kafka.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The promise the dry run exists for: over a recorded period, it returns exactly the alerts the live rule raised in it.
 * The live side is the real thing: {@link RulesTopology#build} in {@link KafkaStreams}, exactly-once, on a real
 * broker, the rule enabled on {@code rules.definitions} and readings produced with explicit event times; its alerts are
 * read {@code read_committed} from the real {@code alerts} topic once the live side visibly got there (its committed
 * progress on the readings, the transition awaited on {@code alerts}). Then the same version is dry-run over the same
 * period from the history Kafka kept. The broker is this class's own, so no rule another test enabled takes part live
 * and not in the dry run.
 */
class LiveAndDryRunAgreeIT {

    private static final EventJson JSON = new EventJson();
    private static final RulesSettings SETTINGS = RulesSettings.defaults();
    private static KafkaBroker broker;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startDedicated();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aThresholdRuleCrossedAndRecrossedLiveRaisesTheSameAlertsInTheDryRun() throws Exception {
        var district = "agree-" + run;
        var crossing = RecordedHistory.sensor("agree-crossing-" + run, "agree-gw-" + run, "water", district);
        var spiking = RecordedHistory.sensor("agree-spiking-" + run, "agree-gw-" + run, "water", district);
        var release = release("agree-high-water-" + run, new Scope(null, List.of("water"), List.of(district), null,
                null), new Condition.Threshold("water_level", Condition.Direction.ABOVE, 2.0, 1.8,
                Duration.ofSeconds(2)));
        // Readings a second apart, ending a quarter of a minute ago: well within the late grace, so live they are
        // news (announced), and every one of them lies in the dry run's range.
        double[] crossingLevels = {1.0, 1.0, 3.0, 3.0, 3.0, 3.0, 1.5, 1.0, 3.5, 3.5, 3.5, 3.5, 1.0, 1.0};
        double[] spikingLevels = {1.0, 1.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
        Instant from = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        Instant to = from.plusSeconds(crossingLevels.length);
        List<AlertEvent> live;
        try (var history = new RecordedHistory(broker.bootstrapServers());
             var alerts = new CommittedAlerts(broker.bootstrapServers())) {
            history.register(crossing, spiking, RecordedHistory.gateway(crossing.gatewayId(), "water", district));
            enable(release);
            try (var streams = startLive()) {
                // Above the level for 4 s, back below the clear level, above again for 3 s, back again; the other
                // device only spikes for a second, shorter than the rule's duration.
                for (int second = 0; second < crossingLevels.length; second++) {
                    var at = from.plusSeconds(second);
                    history.reading(crossing.deviceId(), crossing.gatewayId(), at, crossingLevels[second]);
                    history.reading(spiking.deviceId(), spiking.gatewayId(), at.plusMillis(1), spikingLevels[second]);
                }
                // Exactly once: once the application committed past every reading (and every finding they made on the
                // way to triage), every alert they decide is on the topic; the second clear is the last of them.
                streams.awaitCaughtUpWith(Topics.TELEMETRY_ENVIRONMENTAL, Duration.ofSeconds(60));
                live = alerts.awaitOfRule(release, found -> count(found, Transition.CLEARED) >= 2,
                        Duration.ofSeconds(30));
            }
        }

        var dryRun = dryRun(release, from, to);

        assertThat(live).filteredOn(alert -> alert.transition() == Transition.RAISED).hasSize(2)
                .allSatisfy(alert -> assertThat(alert.deviceId()).isEqualTo(crossing.deviceId()));
        assertThat(dryRun.truncated()).isFalse();
        // Every transition here is decided by a reading, so even its time is the reading's, live and replayed.
        assertThat(dryRun.candidate().alerts()).extracting(alert -> describe(alert) + " at " + alert.time())
                .containsExactlyElementsOf(live.stream().map(alert -> describe(alert) + " at " + alert.time())
                        .toList());
    }

    @Test
    void anAbsenceJudgedOnTheWallClockLiveIsRaisedAndClearedAlikeInTheDryRun() throws Exception {
        var district = "agree-absence-" + run;
        var gateway = RecordedHistory.gateway("agree-absence-gw-" + run, "water", district);
        var silent = RecordedHistory.sensor("agree-silent-" + run, gateway.deviceId(), "water", district);
        var talking = RecordedHistory.sensor("agree-talking-" + run, gateway.deviceId(), "water", district);
        var silence = Duration.ofSeconds(5);
        var release = release("agree-silence-" + run, new Scope(null, null, null, null, List.of(silent.deviceId())),
                new Condition.Absence(null, silence));
        List<AlertEvent> live;
        Instant from;
        Instant raisedSeen;
        Instant to;
        try (var history = new RecordedHistory(broker.bootstrapServers());
             var alerts = new CommittedAlerts(broker.bootstrapServers());
             var field = new FieldDevices(history)) {
            history.register(gateway, silent, talking);
            enable(release);
            try (var streams = startLive()) {
                // An absence is judged on the wall clock (from when the last reading was processed), so here the
                // readings come in real time, stamped when sent: both devices report for three seconds; then one
                // falls silent while its neighbour behind the same gateway goes on every second (so the silence is
                // the device's, not the network's) until the absence is raised; then it reports again until cleared.
                from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                field.reportEverySecond(talking);
                field.reportThreeTimes(silent);
                alerts.awaitOfRule(release, found -> count(found, Transition.RAISED) >= 1, Duration.ofSeconds(120));
                raisedSeen = Instant.now();
                field.reportEverySecond(silent);
                alerts.awaitOfRule(release, found -> count(found, Transition.CLEARED) >= 1, Duration.ofSeconds(30));
                field.stop();
                to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                // What was decided before the range ends, as the dry run decides it: a later absence check (the
                // silent device stopped with the field) is past the range, live and replayed.
                live = alerts.awaitOfRule(release, found -> true, Duration.ofSeconds(30)).stream()
                        .filter(alert -> alert.time().isBefore(to)).toList();
            }
        }

        var dryRun = dryRun(release, from, to);

        assertThat(live).filteredOn(alert -> alert.transition() == Transition.RAISED).hasSize(1)
                .allSatisfy(alert -> assertThat(alert.deviceId()).isEqualTo(silent.deviceId()));
        assertThat(dryRun.truncated()).isFalse();
        assertThat(dryRun.candidate().alerts()).extracting(LiveAndDryRunAgreeIT::describe)
                .containsExactlyElementsOf(live.stream().map(LiveAndDryRunAgreeIT::describe).toList());
        for (int i = 0; i < live.size(); i++) {
            var liveAlert = live.get(i);
            var replayed = dryRun.candidate().alerts().get(i);
            if (liveAlert.transition() == Transition.RAISED) {
                // Raised by an absence check, stamped when it ran, live and replayed on their own schedules: never
                // before the silence lasted its duration; live by the time the test saw it, replayed at the first
                // check after that (checks every interval, its wall clock moving at most an interval at a time).
                var due = liveAlert.raisedAt().plus(silence);
                assertThat(liveAlert.time()).isBetween(due, raisedSeen);
                assertThat(replayed.time()).isBetween(due, due.plus(SETTINGS.absenceCheckEvery().multipliedBy(2)));
            } else {
                // Ended by the device's next reading: stamped with that reading's time, live and replayed.
                assertThat(replayed.time()).as(describe(liveAlert)).isEqualTo(liveAlert.time());
            }
        }
    }

    private static long count(List<AlertEvent> alerts, Transition transition) {
        return alerts.stream().filter(alert -> alert.transition() == transition).count();
    }

    private static String describe(AlertEvent alert) {
        return alert.conditionKey() + " " + alert.transition() + " #" + alert.revision() + " raised "
                + alert.raisedAt();
    }

    private static String describe(DryRunAlert alert) {
        return alert.conditionKey() + " " + alert.transition() + " #" + alert.revision() + " raised "
                + alert.raisedAt();
    }

    private static RuleRelease release(String ruleId, Scope scope, Condition condition) {
        return new RuleRelease(ruleId, 1, new RuleDocument("Agreement " + ruleId, null, Severity.MAJOR, "Check",
                scope, condition), Instant.now(), "supervisor");
    }

    private DryRunResult dryRun(RuleRelease release, Instant from, Instant to) {
        var attempt = new DryRunning(new HistoryConsumers(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), Duration.ofSeconds(30)), SETTINGS, new DryRunProperties(5_000_000, 1,
                Duration.ofMinutes(2), Duration.ofDays(7), 10_000, Duration.ofSeconds(30), null), new DryRunGate(1),
                new DryRunMetrics(new SimpleMeterRegistry()), Clock.systemUTC())
                .run(release, Optional.empty(), from, to);
        return ((DryRunAttempt.Ran) attempt).result();
    }

    private void enable(RuleRelease release) throws Exception {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RULES, release.ruleId(), JSON.write(release))).get();
        }
    }

    private LiveRules startLive() throws IOException {
        var stateDirectory = Files.createTempDirectory("rules-live-");
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-live-agree-" + run);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        var streams = new KafkaStreams(RulesTopology.build(SETTINGS, RulesMetrics.NONE, AutoOffsetReset.earliest()),
                properties);
        streams.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return new LiveRules(streams, "rules-live-agree-" + run, broker.bootstrapServers(), stateDirectory);
    }

    /** The live topology and its state directory, both gone when closed. */
    private record LiveRules(KafkaStreams streams, String applicationId, String bootstrapServers,
                             Path stateDirectory) implements AutoCloseable {

        /**
         * Waits until the application committed past every record now on {@code input}, and then past every finding
         * it wrote to its own repartition topic on the way to triage: exactly once, an alert commits with the offsets
         * of what decided it, so then every alert those readings decide is on {@code alerts}.
         */
        void awaitCaughtUpWith(String input, Duration atMost) throws Exception {
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                var readings = endOffsets(admin, List.of(input));
                Awaitility.await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(200))
                        .until(() -> committedPast(admin, readings));
                var internal = admin.listTopics().names().get().stream()
                        .filter(topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-repartition"))
                        .toList();
                assertThat(internal).as("the topology's repartition topic to triage").isNotEmpty();
                var findings = lastRecordOffsets(internal);
                Awaitility.await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(200))
                        .until(() -> committedPast(admin, findings));
            }
        }

        private boolean committedPast(Admin admin, Map<TopicPartition, Long> targets) throws Exception {
            var committed = admin.listConsumerGroupOffsets(applicationId,
                    new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata().get();
            return targets.entrySet().stream().allMatch(target -> committed.get(target.getKey()) != null
                    && committed.get(target.getKey()).offset() >= target.getValue());
        }

        private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
            var partitions = new HashMap<TopicPartition, OffsetSpec>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                    .forEach(info -> partitions.put(new TopicPartition(name, info.partition()), OffsetSpec.latest())));
            var targets = new HashMap<TopicPartition, Long>();
            admin.listOffsets(partitions).all().get().forEach((partition, end) -> {
                if (end.offset() > 0) {
                    targets.put(partition, end.offset());
                }
            });
            return targets;
        }

        /**
         * One past the last record of each partition of the (transactional) {@code topics}, read {@code
         * read_committed}: their end offsets also count transaction markers, which a consumer never commits past.
         */
        private Map<TopicPartition, Long> lastRecordOffsets(List<String> topics) {
            var targets = new HashMap<TopicPartition, Long>();
            try (var consumer = CommittedAlerts.reader(bootstrapServers)) {
                var partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream())
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                CommittedAlerts.readToTheEnd(consumer, record -> targets.merge(new TopicPartition(record.topic(), record.partition()),
                        record.offset() + 1, Math::max));
            }
            return targets;
        }

        @Override
        public void close() throws IOException {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            try (var paths = Files.walk(stateDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
