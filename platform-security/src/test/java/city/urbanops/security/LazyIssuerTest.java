package city.urbanops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A service starts while Keycloak is down, answers 503 meanwhile, and accepts tokens once Keycloak is up. */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LazyIssuerTest {

    /** Not started when the application context starts: the issuer is unreachable. */
    private static final TestIssuer ISSUER = TestIssuer.onFreePort();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER::issuerUri);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    @Test
    void serviceStartsBeforeTheIssuerAndUsesItOnceItAnswers() throws Exception {
        String token = ISSUER.token("operator", List.of("operator"), "*", "*");

        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        HttpResponse<String> whileDown = get("/api/test/whoami", token);
        assertThat(whileDown.statusCode()).isEqualTo(503);
        assertThat(whileDown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(whileDown.body()).contains("https://urbanops.city/problems/identity-provider-unavailable");

        ISSUER.start();

        HttpResponse<String> onceUp = get("/api/test/whoami", token);
        assertThat(onceUp.statusCode()).isEqualTo(200);
        assertThat(onceUp.body()).contains("\"name\":\"operator\"");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
