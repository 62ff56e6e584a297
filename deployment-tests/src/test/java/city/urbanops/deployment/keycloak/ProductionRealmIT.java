package city.urbanops.deployment.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.deployment.Repository;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production realm template imported into a real Keycloak 26.7.3, as a deployment imports it: it imports, and the
 * realm it makes refuses what the demo realm allows. The failsafe configuration gives Keycloak
 * {@code URBANOPS_CONSOLE_URL}, the template's one placeholder.
 */
class ProductionRealmIT {

    private static final String CONSOLE_URL = "https://console.city.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KeycloakServer keycloak;

    @BeforeAll
    static void importTheTemplate() {
        assertThat(System.getenv("URBANOPS_CONSOLE_URL")).as("set by failsafe for Keycloak").isEqualTo(CONSOLE_URL);
        keycloak = KeycloakServer.start(Repository.file(RealmFile.PRODUCTION));
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void theImportedRealmHasNoUsers() {
        JsonNode users = admin("GET", "/users?briefRepresentation=true");

        assertThat(users).as("users other than service accounts").isEmpty();
    }

    @Test
    void noClientOfTheImportedRealmAllowsThePasswordGrantNotEvenKeycloaksOwn() {
        JsonNode clients = admin("GET", "/clients");

        assertThat(clients).extracting(client -> client.path("clientId").asString())
                .contains("urbanops-console", "urbanops-integrator", "admin-cli", "account");
        assertThat(clients).allSatisfy(client -> assertThat(client.path("directAccessGrantsEnabled").asBoolean())
                .as(client.path("clientId").asString() + " password grant").isFalse());
    }

    @Test
    void consoleRefusesThePasswordGrant() {
        HttpResponse<String> response = post(keycloak.issuerUri() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "urbanops-console", "username", "admin", "password", "admin"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asString()).isEqualTo("unauthorized_client");
    }

    @Test
    void consoleLoginWithoutPkceIsSentBackWithAnError() throws Exception {
        String redirect = CONSOLE_URL + "/signed-in";
        URI authorize = URI.create(keycloak.issuerUri() + "/protocol/openid-connect/auth?client_id=urbanops-console"
                + "&response_type=code&scope=openid&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8));

        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith(redirect + "?error=invalid_request").contains("code_challenge"));
    }

    @Test
    void integratorGetsAGeneratedSecretWhoseTokensCarryTheTemplatesAudiences() {
        String id = admin("GET", "/clients?clientId=urbanops-integrator").get(0).path("id").asString();
        String secret = admin("GET", "/clients/" + id + "/client-secret").path("value").asString();

        assertThat(secret).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(KeycloakServer.INTEGRATOR_SECRET);
        String token = keycloak.clientCredentialsToken("urbanops-integrator", secret);
        assertThat(audiences(token)).containsAll(
                RealmFile.audiences(RealmFile.production().client(RealmTemplateTest.INTEGRATOR).orElseThrow()));
    }

    private static Set<String> audiences(String token) {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        Set<String> audiences = new TreeSet<>();
        claims.path("aud").forEach(audience -> audiences.add(audience.asString()));
        return audiences;
    }

    /** The admin REST API of realm city, as the test kit's bootstrap administrator (admin/admin in realm master). */
    private static JsonNode admin(String method, String path) {
        HttpResponse<String> login = post(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
        assertThat(login.statusCode()).as("admin login: " + login.body()).isEqualTo(200);
        String token = JSON.readTree(login.body()).path("access_token").asString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/city" + path))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak at " + keycloak.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Keycloak", e);
        }
    }
}
