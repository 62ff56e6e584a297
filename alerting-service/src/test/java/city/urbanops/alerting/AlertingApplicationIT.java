package city.urbanops.alerting;

import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.contract.SecuredServiceContract;
import city.urbanops.testkit.keycloak.KeycloakServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The alerting skeleton as a running application keeps the platform's promises at its edge ({@link SecuredServiceContract}):
 * status-only health and Prometheus without a token, problem+json 401 without a token or with a realm token that
 * was not issued for it, tokens from a real Keycloak.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(InMemoryCollaborators.class)
class AlertingApplicationIT implements SecuredServiceContract {

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        var database = TestInfrastructure.postgres().createDatabase("alerting_app_" + System.nanoTime());
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @Override
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public String protectedApiPath() {
        return "/api/v1/alerts/does-not-exist";
    }
}
