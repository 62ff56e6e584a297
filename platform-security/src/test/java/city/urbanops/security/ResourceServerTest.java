package city.urbanops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The resource server as a service sees it: real HTTP, real signed tokens from a real (local) OpenID issuer. */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResourceServerTest {

    private static final TestIssuer ISSUER = TestIssuer.onFreePort().start();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    void healthProbeAnswersWithoutToken() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousHealthAnswersItsStatusAndNothingElse() throws Exception {
        HttpResponse<String> response = get("/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).propertyNames()).containsExactly("status");
    }

    @Test
    void anonymousCannotReadAHealthComponent() throws Exception {
        assertThat(get("/actuator/health/diskSpace", null).statusCode()).isEqualTo(404);
    }

    @Test
    void adminSeesHealthComponentsAndTheirDetails() throws Exception {
        String admin = ISSUER.token("admin", List.of("admin"), "*", "*");

        JsonNode health = JSON.readTree(get("/actuator/health", admin).body());

        assertThat(health.get("components").get("diskSpace").get("details").isObject()).isTrue();
    }

    @Test
    void authenticatedNonAdminSeesOnlyTheHealthStatus() throws Exception {
        String supervisor = ISSUER.token("supervisor", List.of("supervisor"), "*", "*");

        assertThat(JSON.readTree(get("/actuator/health", supervisor).body()).propertyNames())
                .containsExactly("status");
    }

    @Test
    void requestWithoutTokenIsRefusedWith401ProblemJson() throws Exception {
        HttpResponse<String> response = get("/api/test/whoami", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://urbanops.city/problems/unauthenticated");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asString()).contains("bearer token");
    }

    @Test
    void tokenSignedByAnotherKeyIsRefusedWithoutEchoingIt() throws Exception {
        String forged = ISSUER.tokenSignedByStranger("mallory");

        HttpResponse<String> response = get("/api/test/whoami", forged);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(response.body()).doesNotContain(forged.substring(0, 20)).doesNotContain("mallory")
                .contains("https://urbanops.city/problems/unauthenticated");
    }

    @Test
    void tokenIssuedForAnotherServiceIsRefusedAsInvalid() throws Exception {
        String forTelemetry = ISSUER.token("operator", List.of("operator"), List.of("telemetry-service", "account"));

        HttpResponse<String> response = get("/api/test/whoami", forTelemetry);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(JSON.readTree(response.body()).get("type").asString())
                .isEqualTo("https://urbanops.city/problems/unauthenticated");
    }

    @Test
    void tokenWithKeycloaksDefaultAudienceOnlyIsRefused() throws Exception {
        String accountOnly = ISSUER.token("operator", List.of("operator"), List.of("account"));

        assertThat(get("/api/test/whoami", accountOnly).statusCode()).isEqualTo(401);
    }

    @Test
    void realmRolesBecomeRoleAuthoritiesAndUsernameIsThePrincipal() throws Exception {
        String token = ISSUER.token("operator", List.of("operator", "offline_access", "default-roles-city"),
                List.of("transport"), List.of("*"));

        JsonNode me = JSON.readTree(get("/api/test/whoami", token).body());

        assertThat(me.get("name").asString()).isEqualTo("operator");
        assertThat(me.get("roles").toString()).contains("ROLE_OPERATOR").doesNotContain("offline_access")
                .doesNotContain("default-roles");
        assertThat(me.get("departments").toString()).isEqualTo("[\"transport\"]");
        assertThat(me.get("districts").toString()).isEqualTo("[\"*\"]");
    }

    @Test
    void scopeFromTokenAllowsOnlyItsDepartments() throws Exception {
        String technician = ISSUER.token("technician", List.of("technician"), List.of("water"), List.of("north"));

        assertThat(get("/api/test/scoped?department=water&district=north", technician).body())
                .contains("\"allowed\":true");
        assertThat(get("/api/test/scoped?department=water&district=south", technician).body())
                .contains("\"allowed\":false");
        assertThat(get("/api/test/scoped?department=transport&district=north", technician).body())
                .contains("\"allowed\":false");
    }

    @Test
    void wrongRoleIsRefusedWith403ProblemJson() throws Exception {
        String technician = ISSUER.token("technician", List.of("technician"), List.of("water"), List.of("north"));

        HttpResponse<String> response = get("/api/test/supervised", technician);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asString())
                .isEqualTo("https://urbanops.city/problems/forbidden");
    }

    @Test
    void rightRolePassesTheRoleCheck() throws Exception {
        String supervisor = ISSUER.token("supervisor", List.of("supervisor"), "*", "*");

        assertThat(get("/api/test/supervised", supervisor).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidBodyNamesTheOffendingFields() throws Exception {
        HttpResponse<String> response = post("/api/test/things", "{\"name\":\"\",\"count\":0}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://urbanops.city/problems/invalid-request");
        assertThat(problem.get("detail").asString()).contains("'name'").contains("'count'");
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "count");
    }

    @Test
    void unreadableJsonIsA400NamingTheBody() throws Exception {
        HttpResponse<String> response = post("/api/test/things", "{\"name\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("errors").get(0).get("field").asString()).isEqualTo("body");
    }

    @Test
    void wronglyTypedJsonFieldIsNamed() throws Exception {
        HttpResponse<String> response = post("/api/test/things", "{\"name\":\"pump\",\"count\":\"many\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("errors").get(0).get("field").asString()).isEqualTo("count");
    }

    @Test
    void unparseableParameterIsA400NamingIt() throws Exception {
        String token = ISSUER.token("analyst", List.of("analyst"), "*", "*");

        HttpResponse<String> response = get("/api/test/window?from=yesterday&to=2026-01-01T00:00:00Z", token);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(problem.get("detail").asString()).contains("'from'").doesNotContain("yesterday");
    }

    @Test
    void missingParameterIsA400NamingIt() throws Exception {
        String token = ISSUER.token("analyst", List.of("analyst"), "*", "*");

        HttpResponse<String> response = get("/api/test/window?from=2026-01-01T00:00:00Z", token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("errors").get(0).get("field").asString()).isEqualTo("to");
    }

    @Test
    void controllerRejectionIsA400NamingTheField() throws Exception {
        String token = ISSUER.token("analyst", List.of("analyst"), "*", "*");

        HttpResponse<String> response = get("/api/test/window?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(problem.get("detail").asString()).contains("'from' must not be after 'to'");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        String token = ISSUER.token("operator", List.of("operator"), "*", "*");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
