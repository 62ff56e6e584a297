package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.codec.EventJson;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.junit.jupiter.api.Test;

/**
 * The promise the dry run exists for: over a recorded period, it returns exactly the alerts the live rule raised in it.
 * The live side is the real thing — {@link RulesTopology#build} in {@link KafkaStreams} against a real broker,
 * exactly-once, with the rule enabled on {@code rules.definitions} and readings crossing and recrossing its level in
 * real time; its alerts are read from the real {@code alerts} topic. Then the same version is dry-run over the same
 * period from the history Kafka kept.
 */
class LiveAndDryRunAgreeIT {

    private static final EventJson JSON = new EventJson();

    private final String bootstrap = TestInfrastructure.kafka().bootstrapServers();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aDryRunOverARecordedPeriodReturnsExactlyTheAlertsTheLiveRuleRaisedInIt() throws Exception {
        var district = "agree-" + run;
        var crossing = RecordedHistory.sensor("agree-crossing-" + run, "agree-gw-" + run, "water", district);
        var spiking = RecordedHistory.sensor("agree-spiking-" + run, "agree-gw-" + run, "water", district);
        var release = new RuleRelease("agree-high-water-" + run, 1, new RuleDocument("High water",
                "water above 2 m for 2 s, clear below 1.8 m", Severity.MAJOR, "Close the flood gate",
                new Scope(null, List.of("water"), List.of(district), null, null),
                new Condition.Threshold("water_level", Condition.Direction.ABOVE, 2.0, 1.8, Duration.ofSeconds(2))),
                Instant.now(), "supervisor");
        List<AlertEvent> live;
        Instant from;
        Instant to;
        try (var history = new RecordedHistory(bootstrap); var alerts = TopicProbe.fromEnd(bootstrap, Topics.ALERTS)) {
            history.register(crossing, spiking);
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
                live = alerts.recordsAfter(Duration.ofSeconds(5)).stream()
                        .map(record -> JSON.read(record.value(), AlertEvent.class))
                        .filter(alert -> release.ruleId().equals(alert.ruleId())).toList();
                to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            }
        }

        var attempt = new DryRunning(new HistoryConsumers(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Duration.ofSeconds(30)), RulesSettings.defaults(), new DryRunProperties(5_000_000, 1,
                Duration.ofMinutes(2), Duration.ofDays(7), 10_000, Duration.ofSeconds(30)), new DryRunGate(1),
                new DryRunMetrics(new SimpleMeterRegistry()), Clock.systemUTC())
                .run(release, Optional.empty(), from, to);

        assertThat(live).filteredOn(alert -> alert.transition() == Transition.RAISED).hasSize(2)
                .allSatisfy(alert -> assertThat(alert.deviceId()).isEqualTo(crossing.deviceId()));
        var dryRun = ((DryRunAttempt.Ran) attempt).result();
        assertThat(dryRun.truncated()).isFalse();
        assertThat(dryRun.candidate().alerts())
                .extracting(alert -> alert.conditionKey() + " " + alert.transition() + " #" + alert.revision()
                        + " raised " + alert.raisedAt() + " at " + alert.time())
                .containsExactlyElementsOf(live.stream().map(alert -> alert.conditionKey() + " " + alert.transition()
                        + " #" + alert.revision() + " raised " + alert.raisedAt() + " at " + alert.time()).toList());
        assertThat(dryRun.candidate().alerts()).extracting(DryRunResult.DryRunAlert::alertId)
                .containsExactlyElementsOf(live.stream().map(AlertEvent::alertId).toList());
    }

    private static boolean isOf(byte[] value, RuleRelease release, Transition transition) {
        var alert = JSON.read(value, AlertEvent.class);
        return release.ruleId().equals(alert.ruleId()) && alert.transition() == transition;
    }

    private void enable(RuleRelease release) throws Exception {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RULES, release.ruleId(), JSON.write(release))).get();
        }
    }

    private LiveRules startLive() throws IOException {
        var stateDirectory = Files.createTempDirectory("rules-live-");
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-live-agree-" + run);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        var streams = new KafkaStreams(RulesTopology.build(RulesSettings.defaults(), RulesMetrics.NONE,
                AutoOffsetReset.earliest()), properties);
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
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
