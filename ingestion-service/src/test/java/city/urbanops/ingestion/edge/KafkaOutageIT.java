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
import city.urbanops.testkit.registry.ProvisionedGateway;
import city.urbanops.testkit.registry.RegistryFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
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
    /** How long recovery may take on a loaded machine: a liveness bound, far above what recovery needs. */
    private static final Duration RECOVERY = Duration.ofMinutes(3);
    private static final Duration NO_ANSWER = Duration.ofMinutes(2);

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
    void batchesAreRefusedForRetryWhileKafkaIsDownAndAcknowledgedOnceItIsBack() throws Exception {
        var actuator = new ActuatorClient(httpPort);
        var json = new EventJson();
        ProvisionedGateway provisioned;
        try (var registry = RegistryFixture.on(KAFKA.bootstrapServers())) {
            provisioned = registry.gateway(GATEWAY);
            registry.devices(GATEWAY, "outage-warmup", 10, RegistryFixture.FIXTURE_MEASUREMENTS);
            registry.devices(GATEWAY, "outage-dev", 50, RegistryFixture.FIXTURE_MEASUREMENTS);
        }
        try (var gateway = MqttTestGateway.connect("tcp://127.0.0.1:" + MQTT_PORT, provisioned)) {
            assertThat(gateway.publishBatch(UplinkFixtures.batch(GATEWAY, "outage-warmup", 10, 1)).reasonCode())
                    .isZero();

            KAFKA.stop();
            byte[] batch = json.write(UplinkFixtures.batch(GATEWAY, "outage-dev", 50, 7));
            PublishOutcome first = answer(gateway, batch);
            PublishOutcome second = answer(gateway, batch);

            // Kafka did not acknowledge, so neither batch is acknowledged as stored: the gateway must keep it.
            assertThat(first.reasonCode()).isEqualTo(0x83);
            assertThat(second.reasonCode()).isEqualTo(0x83);
            assertThat(first.reasonString()).contains("retry");
            assertThat(actuator.metric("urbanops_ingestion_batches_total", "outcome", "retry")).isEqualTo(2);

            KAFKA.start();
            try (var probe = TopicProbe.fromEnd(KAFKA.bootstrapServers(), Topics.TELEMETRY_ENVIRONMENTAL)) {
                var retried = new AtomicReference<PublishOutcome>();
                // The gateway keeps re-sending the very same batch until it is acknowledged, as a real one does.
                await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).until(() -> {
                    retried.set(answer(gateway, batch));
                    assertThat(retried.get().reasonCode()).satisfiesAnyOf(
                            code -> assertThat(code).isZero(), code -> assertThat(code).isEqualTo(0x83));
                    return retried.get().reasonCode() == 0;
                });

                // Nothing the gateway kept is lost: every reading of the batch is on its class topic.
                var landed = probe.awaitMatching(record -> record.key().startsWith("outage-dev"), 50, RECOVERY);
                var ids = landed.stream()
                        .map(record -> new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                        .toList();
                assertThat(IntStream.range(0, 50).mapToObj(device -> "outage-dev-" + device + "/7/"))
                        .allSatisfy(reading -> assertThat(ids).anyMatch(id -> id.startsWith(reading)));
            }
        }
    }

    /**
     * Publishes and waits for the PUBACK. The edge answers every PUBLISH (Kafka's delivery timeout, then the publish
     * timeout, guarantee it); the generous bound only keeps a broken edge from hanging the build, it measures nothing.
     */
    private static PublishOutcome answer(MqttTestGateway gateway, byte[] batch) throws Exception {
        return gateway.publishAsync(MqttTopics.uplink(GATEWAY), batch).get(NO_ANSWER.toSeconds(), TimeUnit.SECONDS);
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
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(actuator.get("/health/readiness").statusCode()).isEqualTo(status));
    }
}
