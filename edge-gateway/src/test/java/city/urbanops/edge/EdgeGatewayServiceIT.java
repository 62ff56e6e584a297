package city.urbanops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.edge.uplink.ScriptedMqttEdge;
import city.urbanops.testkit.contract.SecuredServiceContract;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The simulated city as a running application keeps the platform's promises at its HTTP edge
 * ({@link SecuredServiceContract}), its gateway connected to a real MQTT 5 broker that acknowledges every batch:
 * status-only health and Prometheus without a token, problem+json 401 for its API without a token or with a realm
 * token that was not issued for it, tokens from a real Keycloak.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class EdgeGatewayServiceIT implements SecuredServiceContract {

    private static final Path BROKER_DIRECTORY = temporaryDirectory();
    private static final ScriptedMqttEdge BROKER = startBroker();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.edge.mqtt.server-uri", BROKER::serverUri);
        registry.add("urbanops.edge.simulation.gateways", () -> "1");
        registry.add("urbanops.edge.simulation.devices-per-gateway", () -> "2");
        registry.add("urbanops.edge.mqtt.secrets.gw-01", () -> "uogw_edge-gateway-service-it-secret");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        BROKER.close();
        FileSystemUtils.deleteRecursively(BROKER_DIRECTORY);
    }

    /** The uplink is UP once the gateway has connected, which happens after the application started. */
    @BeforeEach
    void gatewayConnected() {
        var health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build();
        try (var http = HttpClient.newHttpClient()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200));
        }
    }

    @Override
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public String protectedApiPath() {
        return "/api/v1/simulation/devices";
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("edge-gateway-it-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScriptedMqttEdge startBroker() {
        try {
            return new ScriptedMqttEdge(BROKER_DIRECTORY);
        } catch (Exception e) {
            throw new IllegalStateException("the test broker did not start", e);
        }
    }
}
