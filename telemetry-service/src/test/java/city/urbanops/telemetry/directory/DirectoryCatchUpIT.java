package city.urbanops.telemetry.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.telemetry.config.TelemetryProperties;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import city.urbanops.testkit.kafka.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * The directory's readiness on a Kafka broker of this test's own, so that it can be down when a reader starts: the
 * reader is not ready while it cannot read the registry topic, loses nothing while Kafka is away, and turns ready only
 * once it holds every device published before it started. No application context: the reader and its health indicator
 * are what readiness consists of (the context's readiness group including {@code deviceDirectory} is
 * {@code TelemetryReadinessIT}'s).
 */
class DirectoryCatchUpIT {

    private static final KafkaBroker KAFKA = KafkaBroker.startDedicated();
    private static final int DEVICES = 500;

    @AfterAll
    static void closeKafka() {
        KAFKA.close();
    }

    @Test
    void notReadyWhileKafkaIsUnreachableThenReadyOnlyWithEveryDevicePublishedBeforeTheStart() throws Exception {
        String prefix = "catchup-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // A fresh broker may answer NOT_LEADER_OR_FOLLOWER to the first writes; an idempotent producer can then stay
        // stuck on OUT_OF_ORDER_SEQUENCE for that partition. The devices are distinct keys and a duplicate is
        // harmless to the directory, so the test writes without idempotence and checks that every record was written.
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                sent.add(producer.send(TelemetryServiceIT.deviceRecord(prefix + i, "water", "north", 1)));
            }
            for (Future<RecordMetadata> record : sent) {
                record.get(3, TimeUnit.MINUTES);
            }
        }
        KAFKA.stop();
        DeviceDirectory directory = new DeviceDirectory();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeviceDirectoryReader reader = new DeviceDirectoryReader(consumers(), directory,
                new TelemetryProperties.Directory("telemetry-service-directory", Duration.ofMillis(200),
                        Duration.ofSeconds(1), Duration.ofMinutes(5)), Clock.systemUTC(), meters, "-catchup");
        DeviceDirectoryHealthIndicator readiness = new DeviceDirectoryHealthIndicator(reader, directory);

        reader.start();
        try {
            await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20))
                    .until(() -> readiness.health().getStatus().equals(Status.DOWN));
            assertThat(readiness.health().getDetails()).containsEntry("caughtUp", false).containsKey("waitingFor");
            assertThat(meters.get("urbanops.telemetry.directory.read.failures").counter().count()).isPositive();

            KAFKA.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> readiness.health().getStatus().equals(Status.UP));
            assertThat(directory.size()).isEqualTo(DEVICES);
            assertThat(readiness.health().getDetails()).containsEntry("devices", DEVICES).containsEntry("caughtUp", true);
        } finally {
            reader.stop();
        }
    }

    private static DefaultKafkaConsumerFactory<String, byte[]> consumers() {
        return new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }
}
