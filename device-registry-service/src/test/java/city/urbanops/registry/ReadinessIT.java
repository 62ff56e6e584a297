package city.urbanops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.registry.support.RegistryServiceIT;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The registry is ready exactly while it has its database; the outbox relay reports in health (to an admin), not in
 * readiness, because the registry keeps taking changes while Kafka is away.
 */
class ReadinessIT extends RegistryServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theRegistryIsNotReadyWithoutItsDatabaseAndReadyAgainWhenItIsBack() throws Exception {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        postgresServer().stop();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 503);
            assertThat(status("/actuator/health/liveness")).as("alive, just not ready").isEqualTo(200);
        } finally {
            postgresServer().start();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 200);
    }

    @Test
    void anAdminSeesTheRelaysRoleAndBacklogInHealth() throws Exception {
        String token = KeycloakServer.shared().passwordToken("admin", "admin");
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .header("Authorization", "Bearer " + token).GET().build();

        var body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();

        assertThat(body).contains("\"outboxRelay\"").contains("\"role\":\"ACTIVE\"").contains("\"pending\"")
                .contains("\"lagSeconds\"");
    }

    private int status(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
