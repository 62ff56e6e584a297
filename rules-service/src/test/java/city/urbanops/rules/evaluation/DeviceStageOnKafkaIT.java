package city.urbanops.rules.evaluation;

import static city.urbanops.rules.evaluation.DeviceStageHarness.level;
import static city.urbanops.rules.evaluation.DeviceStageHarness.rule;
import static city.urbanops.rules.evaluation.DeviceStageHarness.sensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.kafka.TopicProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device stage in the rules topology on a real broker, exactly-once, with RocksDB stores and their changelogs:
 * a rule enabled on the rules topic and readings on a class topic become one raised and one cleared alert.
 */
class DeviceStageOnKafkaIT {

    private static final EventJson JSON = new EventJson();

    @TempDir
    Path stateDir;

    /**
     * A broker of this test's own: every rules topology running in the test JVM (the service's application contexts)
     * evaluates every enabled rule on its broker and would write its own copy of this rule's alerts.
     */
    @Test
    void aThresholdOnRealKafkaIsRaisedOnceAndClearedOnce() {
        try (var kafka = KafkaBroker.startDedicated()) {
            raisedOnceAndClearedOnce(kafka.bootstrapServers());
        }
    }

    private void raisedOnceAndClearedOnce(String bootstrapServers) {
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        var deviceId = "wl-it-" + suffix;
        var ruleId = "flood-it-" + suffix;
        try (var alerts = TopicProbe.fromEnd(bootstrapServers, Topics.ALERTS);
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                     new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REGISTRY_DEVICES, deviceId,
                    JSON.write(sensor(deviceId, "water-level", "north", "water_level"))));
            producer.send(new ProducerRecord<>(Topics.RULES, ruleId, JSON.write(rule(ruleId, 1,
                    new Condition.Threshold("water_level", Condition.Direction.ABOVE, 1.5, 1.2, null)))));
            producer.flush();

            var streams = new KafkaStreams(RulesTopology.build(RulesSettings.defaults(), RulesMetrics.NONE,
                    AutoOffsetReset.earliest()), config(bootstrapServers, "device-stage-it-" + suffix));
            try {
                streams.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);

                var start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                double[] levels = {1.0, 1.7, 1.4, 1.1};
                for (int i = 0; i < levels.length; i++) {
                    var time = start.plusMillis(100L * i);
                    producer.send(new ProducerRecord<>(Topics.TELEMETRY_ENVIRONMENTAL, deviceId,
                            JSON.write(new TelemetryRecord(deviceId, i, time, EventClass.ENVIRONMENTAL, "gw-1", time,
                                    List.of(level(levels[i]))))));
                }
                producer.flush();

                var key = ruleId + "/" + deviceId;
                var transitions = alerts.awaitMatching(record -> key.equals(record.key()), 2, Duration.ofSeconds(60))
                        .stream().map(record -> TopicProbe.value(record, AlertEvent.class)).toList();
                assertThat(transitions).extracting(AlertEvent::transition)
                        .containsExactly(AlertEvent.Transition.RAISED, AlertEvent.Transition.CLEARED);
                assertThat(transitions).extracting(AlertEvent::raisedAt).containsOnly(start.plusMillis(100));
                assertThat(alerts.recordsAfter(Duration.ofSeconds(2)))
                        .filteredOn(record -> key.equals(record.key())).hasSize(2);
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    private Properties config(String bootstrapServers, String applicationId) {
        var config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        config.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        return config;
    }
}
