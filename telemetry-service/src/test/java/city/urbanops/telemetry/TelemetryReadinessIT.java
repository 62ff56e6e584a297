package city.urbanops.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readiness means "the series API can answer", and it answers from the database: with Kafka stopped the instance
 * stays in service (readiness UP, liveness UP) and serves series, while an admin sees the kafka component DOWN.
 * Kafka is a broker of this test's own, so stopping it disturbs no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TelemetryReadinessIT {

    private static final KafkaBroker KAFKA = KafkaBroker.startDedicated();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = TestInfrastructure.postgres().createDatabase("telemetry_readiness_"
                + ProcessHandle.current().pid());
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> KeycloakServer.shared().issuerUri());
    }

    @AfterAll
    static void closeKafka() {
        KAFKA.close();
    }

    @Test
    void seriesApiStaysInServiceWhileKafkaIsDown() {
        await().atMost(WAIT).until(() -> "UP".equals(kafkaStatusSeenByAdmin()));
        // Ready once the device directory caught up at start; losing Kafka afterwards must not take that back.
        await().atMost(WAIT).until(() -> get("/actuator/health/readiness", null).statusCode() == 200);

        KAFKA.stop();
        try {
            await().atMost(WAIT).until(() -> "DOWN".equals(kafkaStatusSeenByAdmin()));

            HttpResponse<String> readiness = get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            assertThat(get("/api/v1/telemetry/devices/any-device/series?measurement=pm2_5",
                    KeycloakServer.shared().passwordToken("analyst", "analyst")).statusCode()).isEqualTo(200);
        } finally {
            KAFKA.start();
        }
    }

    @Test
    void readinessDependsOnTheDatabaseAndTheDirectoryCatchUpAndNotOnKafka() {
        JsonNode readiness = json(get("/actuator/health/readiness", adminToken()));

        assertThat(readiness.get("components").propertyNames()).containsExactlyInAnyOrder("readinessState", "db",
                "deviceDirectory");
    }

    private String kafkaStatusSeenByAdmin() {
        return json(get("/actuator/health", adminToken())).path("components").path("kafka").path("status")
                .asString("");
    }

    private static String adminToken() {
        return KeycloakServer.shared().passwordToken("admin", "admin");
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
