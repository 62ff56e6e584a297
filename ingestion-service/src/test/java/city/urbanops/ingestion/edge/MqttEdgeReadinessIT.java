package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An instance whose MQTT edge is not running cannot acknowledge anything, so it leaves service at once (readiness
 * 503) without being restarted (liveness 200). The context is discarded afterwards: its edge stays stopped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MqttEdgeReadinessIT {

    private static final int MQTT_PORT = FreePorts.next();

    @LocalServerPort
    int httpPort;

    @Autowired
    MqttEdge edge;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "edge-readiness-it");
    }

    @Test
    void instanceLeavesServiceAtOnceWhenItsMqttEdgeStops() {
        var actuator = new ActuatorClient(httpPort);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(actuator.get("/health/readiness").statusCode()).isEqualTo(200));

        edge.stop();

        assertThat(actuator.get("/health/readiness").statusCode()).isEqualTo(503);
        assertThat(actuator.get("/health/liveness").statusCode()).isEqualTo(200);
    }
}
