package city.urbanops.ingestion;

import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.contract.SecuredServiceContract;
import city.urbanops.testkit.keycloak.KeycloakServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ingestion as a running application keeps the platform's promises at its HTTP edge ({@link SecuredServiceContract}):
 * status-only health and Prometheus without a token, problem+json 401 for its metrics without a token or with a
 * realm token that was not issued for it, tokens from a real Keycloak.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class IngestionServiceIT implements SecuredServiceContract {

    private static final int MQTT_PORT = FreePorts.next();

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "secured-service-it");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
    }

    @Override
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    @Override
    public String protectedApiPath() {
        return "/actuator/metrics";
    }
}
