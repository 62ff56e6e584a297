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
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * broker, the rule enabled on {@code rules.definitions} and readings produced in real time; its alerts are read from
 * the real {@code alerts} topic. Then the same version is dry-run over the same period from the history Kafka kept.
 * The broker is this class's own, so no rule another test enabled takes part live and not in the dry run.
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
        List<AlertEvent> live;
        Instant from;
        Instant to;
        try (var history = new RecordedHistory(broker.bootstrapServers());
             var alerts = TopicProbe.fromEnd(broker.bootstrapServers(), Topics.ALERTS)) {
            history.register(crossing, spiking, RecordedHistory.gateway(crossing.gatewayId(), "water", district));
            enable(release);
            try (var streams = startLive()) {
                from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                // Above the level for 4 s, back below the clear level, above again for 3 s, back again; the other
                // device only spikes for a second, shorter than the rule's duration.
                double[] crossingLevels = {1.0, 1.0, 3.0, 3.0, 3.0, 3.0, 1.5, 1.0, 3.5, 3.5, 3.5, 3.5, 1.0, 1.0};
                double[] spikingLevels = {1.0, 1.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
                for (int second = 0; second < crossingLevels.length; second++) {
                    var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    history.reading(crossing.deviceId(), crossing.gatewayId(), now, crossingLevels[second]);
                    history.reading(spiking.deviceId(), spiking.gatewayId(), now.plusMillis(1), spikingLevels[second]);
                    Thread.sleep(Duration.ofSeconds(1)); // readings arrive in real time, as from a field device
                }
                alerts.awaitMatching(record -> isOf(record.value(), release, Transition.CLEARED), 2,
                        Duration.ofSeconds(60));
                live = ofRule(alerts.recordsAfter(Duration.ofSeconds(5)).stream()
                        .map(record -> JSON.read(record.value(), AlertEvent.class)).toList(), release);
                to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
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
        var release = release("agree-silence-" + run, new Scope(null, null, null, null, List.of(silent.deviceId())),
                new Condition.Absence(null, Duration.ofSeconds(5)));
        List<AlertEvent> live;
        Instant from;
        Instant to;
        try (var history = new RecordedHistory(broker.bootstrapServers());
             var alerts = TopicProbe.fromEnd(broker.bootstrapServers(), Topics.ALERTS)) {
            history.register(gateway, silent, talking);
            enable(release);
            try (var streams = startLive()) {
                from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                // Both report; then one falls silent while its neighbour behind the same gateway goes on (so the
                // silence is the device's, not the network's) until the absence is raised; then it reports again.
                for (int second = 0; second < 3; second++) {
                    reportBoth(history, silent, talking);
                }
                var deadline = Instant.now().plus(Duration.ofSeconds(120));
                while (alerts.records().stream().noneMatch(record -> isOf(record.value(), release, Transition.RAISED))
                        && Instant.now().isBefore(deadline)) {
                    history.reading(talking.deviceId(), gateway.deviceId(), Instant.now(), 1.0);
                    Thread.sleep(Duration.ofSeconds(1));
                }
                for (int second = 0; second < 3; second++) {
                    reportBoth(history, silent, talking);
                }
                alerts.awaitMatching(record -> isOf(record.value(), release, Transition.CLEARED), 1,
                        Duration.ofSeconds(30));
                live = ofRule(alerts.recordsAfter(Duration.ofSeconds(5)).stream()
                        .map(record -> JSON.read(record.value(), AlertEvent.class)).toList(), release);
                to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            }
        }

        var dryRun = dryRun(release, from, to);

        assertThat(live).filteredOn(alert -> alert.transition() == Transition.RAISED).hasSize(1)
                .allSatisfy(alert -> assertThat(alert.deviceId()).isEqualTo(silent.deviceId()));
        assertThat(dryRun.truncated()).isFalse();
        assertThat(dryRun.candidate().alerts()).extracting(LiveAndDryRunAgreeIT::describe)
                .containsExactlyElementsOf(live.stream().map(LiveAndDryRunAgreeIT::describe).toList());
        // A transition the wall clock decides is stamped when the absence check ran: live and replayed checks run
        // on their own schedules, at most one interval apart.
        for (int i = 0; i < live.size(); i++) {
            assertThat(Duration.between(live.get(i).time(), dryRun.candidate().alerts().get(i).time()).abs())
                    .isLessThanOrEqualTo(SETTINGS.absenceCheckEvery());
        }
    }

    private static void reportBoth(RecordedHistory history, city.urbanops.events.registry.DeviceRecord silent,
                                   city.urbanops.events.registry.DeviceRecord talking) throws InterruptedException {
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        history.reading(silent.deviceId(), silent.gatewayId(), now, 1.0);
        history.reading(talking.deviceId(), talking.gatewayId(), now.plusMillis(1), 1.0);
        Thread.sleep(Duration.ofSeconds(1)); // readings arrive in real time, as from a field device
    }

    private static String describe(AlertEvent alert) {
        return alert.conditionKey() + " " + alert.transition() + " #" + alert.revision() + " raised "
                + alert.raisedAt();
    }

    private static String describe(DryRunAlert alert) {
        return alert.conditionKey() + " " + alert.transition() + " #" + alert.revision() + " raised "
                + alert.raisedAt();
    }

    private static List<AlertEvent> ofRule(List<AlertEvent> alerts, RuleRelease release) {
        return alerts.stream().filter(alert -> release.ruleId().equals(alert.ruleId())).toList();
    }

    private static boolean isOf(byte[] value, RuleRelease release, Transition transition) {
        var alert = JSON.read(value, AlertEvent.class);
        return release.ruleId().equals(alert.ruleId()) && alert.transition() == transition;
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
        return new LiveRules(streams, stateDirectory);
    }

    /** The live topology and its state directory, both gone when closed. */
    private record LiveRules(KafkaStreams streams, Path stateDirectory) implements AutoCloseable {
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
