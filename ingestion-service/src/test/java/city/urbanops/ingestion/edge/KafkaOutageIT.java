package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.PublishOutcome;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With Kafka down nothing is acknowledged as stored and the instance leaves service (readiness DOWN, liveness UP);
 * once Kafka is back, the gateway's retry is acknowledged and the instance is ready again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class KafkaOutageIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final KafkaBroker KAFKA = KafkaBroker.startDedicated();
    private static final String GATEWAY = "gw-outage";

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("urbanops.ingestion.kafka.delivery-timeout", () -> "3s");
        registry.add("urbanops.ingestion.kafka.max-block", () -> "1s");
        registry.add("urbanops.ingestion.kafka.health-timeout", () -> "2s");
        registry.add("urbanops.ingestion.publish-timeout", () -> "6s");
        registry.add("urbanops.ingestion.instance-id", () -> "outage-it");
    }

    @AfterAll
    static void closeKafka() {
        KAFKA.close();
    }

    @Test
    void batchesAreRefusedForRetryWhileKafkaIsDownAndAcknowledgedOnceItIsBack() {
        var actuator = new ActuatorClient(httpPort);
        var json = new EventJson();
        try (var gateway = MqttTestGateway.connect("tcp://127.0.0.1:" + MQTT_PORT, GATEWAY)) {
            assertThat(gateway.publishBatch(UplinkFixtures.batch(GATEWAY, "outage-warmup", 10, 1)).reasonCode())
                    .isZero();

            KAFKA.stop();
            byte[] batch = json.write(UplinkFixtures.batch(GATEWAY, "outage-dev", 50, 7));
            long sent = System.nanoTime();
            PublishOutcome first = gateway.publish(MqttTopics.uplink(GATEWAY), batch);
            PublishOutcome second = gateway.publish(MqttTopics.uplink(GATEWAY), batch);
            Duration bothAnswered = Duration.ofNanos(System.nanoTime() - sent);

            assertThat(first.reasonCode()).isEqualTo(0x83);
            assertThat(second.reasonCode()).isEqualTo(0x83);
            assertThat(first.reasonString()).contains("retry");
            // Each answer comes from Kafka's own delivery timeout (3 s), well inside the 6 s publish timeout.
            assertThat(bothAnswered).isLessThan(Duration.ofSeconds(12));
            assertThat(actuator.metric("urbanops_ingestion_batches_total", "outcome", "retry")).isEqualTo(2);

            KAFKA.start();
            try (var probe = TopicProbe.fromEnd(KAFKA.bootstrapServers(), Topics.TELEMETRY_ENVIRONMENTAL)) {
                var retried = new AtomicReference<PublishOutcome>();
                // The gateway keeps re-sending the very same batch until it is acknowledged, as a real one does.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    retried.set(gateway.publish(MqttTopics.uplink(GATEWAY), batch));
                    assertThat(retried.get().reasonCode()).satisfiesAnyOf(
                            code -> assertThat(code).isZero(), code -> assertThat(code).isEqualTo(0x83));
                    return retried.get().reasonCode() == 0;
                });

                var landed = probe.awaitMatching(record -> record.key().startsWith("outage-dev"), 50,
                        Duration.ofSeconds(30));
                assertThat(landed).extracting(record -> new String(record.headers().lastHeader("ce_id").value(),
                        StandardCharsets.UTF_8)).anyMatch(id -> id.startsWith("outage-dev-0/7/"))
                        .anyMatch(id -> id.startsWith("outage-dev-49/7/"));
            }
        }
    }

    @Test
    void instanceLeavesServiceWhileKafkaIsDownAndReturnsOnceItIsBack() {
        var actuator = new ActuatorClient(httpPort);
        awaitReadiness(actuator, 200);

        KAFKA.stop();
        try {
            awaitReadiness(actuator, 503);
            assertThat(actuator.get("/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            KAFKA.start();
        }

        awaitReadiness(actuator, 200);
    }

    private static void awaitReadiness(ActuatorClient actuator, int status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(actuator.get("/health/readiness").statusCode()).isEqualTo(status));
    }
}
