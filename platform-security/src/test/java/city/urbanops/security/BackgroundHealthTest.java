package city.urbanops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's health endpoint in front of a check that calls a remote system: however many anonymous requests come
 * in, the remote system is asked only by the background round. The interval is an hour, so within the test only the
 * round before the web server opened has run.
 */
@SpringBootTest(classes = {SecuredTestApplication.class, BackgroundHealthTest.RemoteSystem.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"urbanops.health.check-interval=1h", "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.group.readiness.include=readinessState,remote"})
class BackgroundHealthTest {

    private static final TestIssuer ISSUER = TestIssuer.onFreePort().start();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    CountingRemoteCheck remote;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER::issuerUri);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    @Test
    void aFloodOfAnonymousHealthRequestsCausesNoRemoteCall() throws Exception {
        int callsBefore = remote.calls.get();

        for (int i = 0; i < 100; i++) {
            assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
            assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        }

        assertThat(remote.calls.get()).isEqualTo(callsBefore);
        assertThat(callsBefore).as("the round before the web server opened").isEqualTo(1);
    }

    @Test
    void anonymousHealthAndReadinessAnswerTheStatusOnly() throws Exception {
        assertThat(get("/actuator/health", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void adminSeesTheLastResultWithWhenItWasTakenAndItsAge() throws Exception {
        String admin = ISSUER.token("admin", List.of("admin"), "*", "*");

        JsonNode remoteHealth = JSON.readTree(get("/actuator/health", admin).body()).get("components").get("remote");

        assertThat(remoteHealth.get("status").asString()).isEqualTo("UP");
        assertThat(remoteHealth.get("details").get("endpoint").asString()).isEqualTo("remote.example:1234");
        assertThat(remoteHealth.get("details").get("checkedAt").asString()).isNotBlank();
        assertThat(remoteHealth.get("details").get("age").asString()).startsWith("PT");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stands for a check that calls a remote system, such as Kafka's describeCluster; counts the calls. */
    static final class CountingRemoteCheck implements HealthIndicator {

        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Health health() {
            calls.incrementAndGet();
            return Health.up().withDetail("endpoint", "remote.example:1234").build();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RemoteSystem {

        @Bean
        CountingRemoteCheck remoteHealthIndicator() {
            return new CountingRemoteCheck();
        }
    }
}
