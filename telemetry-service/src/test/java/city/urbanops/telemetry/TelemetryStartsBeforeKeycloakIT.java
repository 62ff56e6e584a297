package city.urbanops.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts and reports live while Keycloak is not up (the issuer is resolved on the first token), and
 * answers 503 problem+json to bearer requests meanwhile. Its listeners stay stopped so it does not join the
 * consumer group of the other tests' application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.listener.auto-startup=false")
class TelemetryStartsBeforeKeycloakIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = TestInfrastructure.postgres().createDatabase("telemetry_nokc_" + ProcessHandle.current()
                .pid());
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> "http://localhost:" + closedPort() + "/realms/city");
    }

    @Test
    void serviceIsLiveWithoutKeycloakAndAnswers503ToTokens() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness", null);
        HttpResponse<String> series = get("/api/v1/telemetry/devices/d1/series?measurement=pm2_5",
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(series.statusCode()).isEqualTo(503);
        assertThat(series.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(series.body()).contains("https://urbanops.city/problems/identity-provider-unavailable");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
