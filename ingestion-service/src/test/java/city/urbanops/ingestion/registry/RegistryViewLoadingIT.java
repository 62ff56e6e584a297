package city.urbanops.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.registry.ProvisionedGateway;
import city.urbanops.testkit.registry.RegistryFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An ingestion instance that starts while Kafka is down, as after a restart in an outage: its registry view cannot
 * load, so it is not ready, and a gateway the registry knows is never told it is unknown — its CONNECT waits for the
 * view and is admitted once Kafka is back, or is told to come back later (0x88) if the wait runs out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RegistryViewLoadingIT {

    private static final KafkaBroker KAFKA = KafkaBroker.startDedicated();
    private static final ProvisionedGateway GATEWAY = provisionThenStopKafka();
    private static final int MQTT_PORT = FreePorts.next();
    private static final String SERVER_URI = "tcp://127.0.0.1:" + MQTT_PORT;
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(15);
    private static final Duration RECOVERY = Duration.ofMinutes(2);

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("urbanops.ingestion.kafka.health-timeout", () -> "2s");
        registry.add("urbanops.ingestion.registry.connect-wait", () -> CONNECT_WAIT.toSeconds() + "s");
        registry.add("urbanops.ingestion.instance-id", () -> "view-loading-it");
    }

    @AfterAll
    static void closeKafka() {
        KAFKA.close();
    }

    @Test
    void aKnownGatewayIsNeverRefusedAsUnknownWhileTheViewLoads() {
        var actuator = new ActuatorClient(httpPort);
        assertThat(actuator.get("/health/readiness").statusCode()).as("not ready without the view").isEqualTo(503);

        long started = System.nanoTime();
        int whileKafkaIsDown = attempt();
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(whileKafkaIsDown).as("come back later, not bad credentials").isEqualTo(0x88);
        assertThat(waitedMillis).isGreaterThanOrEqualTo(CONNECT_WAIT.toMillis() - 500);
        assertThat(actuator.metric("urbanops_ingestion_refusals_total", "reason", "view_loading")).isEqualTo(1.0);

        var waiting = CompletableFuture.supplyAsync(RegistryViewLoadingIT::attempt);
        KAFKA.start();

        assertThat(waiting.join()).as("admitted once the view loaded").isZero();
        await().atMost(RECOVERY).until(() -> actuator.get("/health/readiness").statusCode() == 200);
        assertThat(actuator.metric("urbanops_ingestion_refusals_total", "reason", "unknown_gateway")).isZero();
    }

    private static int attempt() {
        var attempt = MqttTestGateway.attempt(SERVER_URI, GATEWAY.gatewayId(), GATEWAY.gatewayId(),
                GATEWAY.secret().getBytes(StandardCharsets.UTF_8));
        if (attempt.gateway() != null) {
            attempt.gateway().close();
        }
        return attempt.connackCode();
    }

    private static ProvisionedGateway provisionThenStopKafka() {
        try (var registry = RegistryFixture.on(KAFKA.bootstrapServers())) {
            var gateway = registry.gateway("gw-loading");
            KAFKA.stop();
            return gateway;
        }
    }
}
