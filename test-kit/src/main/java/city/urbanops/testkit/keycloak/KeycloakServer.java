package city.urbanops.testkit.keycloak;

import city.urbanops.events.codec.EventJson;
import city.urbanops.launchers.keycloak.KeycloakNode;
import city.urbanops.launchers.process.Supervision;
import city.urbanops.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A real Keycloak (the Quarkus distribution, {@code start-dev} with an in-memory database) in a process of its own,
 * with the city realm imported; issues real tokens for tests. {@link #shared()} is one per test JVM. Launched by
 * {@link KeycloakNode} (infra-launchers): stopped on {@link #close()}, when the test JVM exits, and also when the test
 * JVM is killed (its launcher stops Keycloak when the JVM's pipe closes; a leftover is reaped by the next start).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "city";
    /** Public client with direct access grants, used by the console and the CLI. */
    public static final String CONSOLE_CLIENT = "urbanops-console";
    /** Confidential client whose service account has the integrator role. */
    public static final String INTEGRATOR_CLIENT = "urbanops-integrator";
    public static final String INTEGRATOR_SECRET = "integrator-demo-secret";
    /** Classpath location of the realm export (in platform-security). */
    public static final String REALM_RESOURCE = "keycloak/city-realm.json";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(
            Long.getLong("urbanops.keycloak.startTimeoutSeconds", 300));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final EventJson JSON = new EventJson();

    private static KeycloakServer shared;

    private final KeycloakNode node;

    private KeycloakServer(KeycloakNode node) {
        this.node = node;
    }

    /** The Keycloak shared by all tests of this JVM, started on first use with the realm from the classpath. */
    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "keycloak-shutdown"));
        }
        return shared;
    }

    /** A Keycloak of the caller's own with the city realm from the classpath; the caller closes it. */
    public static KeycloakServer start() {
        return start(realmFromClasspath());
    }

    /** A Keycloak of the caller's own importing {@code realmExport}; the caller closes it. */
    public static KeycloakServer start(Path realmExport) {
        var node = KeycloakNode.builder()
                .home(KeycloakDistribution.home())
                .distribution(KeycloakDistribution::zip)
                .realm(REALM, realmExport)
                .ports(FreePorts.next(), FreePorts.next())
                .mode(KeycloakNode.Mode.DEVELOPMENT_IN_MEMORY)
                .admin("admin", "admin")
                // kc.sh would otherwise size the heap from the machine's RAM; tests share a small box.
                .heap("-Xms64m -Xmx640m")
                .supervision(Supervision.endsWithThisJvm())
                .build();
        node.start(START_TIMEOUT);
        return new KeycloakServer(node);
    }

    public String baseUrl() {
        return node.baseUrl();
    }

    /** The realm's issuer, for {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}. */
    public String issuerUri() {
        return node.issuerUri();
    }

    /** Keycloak's console output, for diagnosing a failed start. */
    public Path log() {
        return node.log();
    }

    /** An access token for a realm user, by direct access grant through {@link #CONSOLE_CLIENT}. */
    public String passwordToken(String username, String password) {
        return signIn(username, password).accessToken();
    }

    /** What a sign-in of a realm user through {@link #CONSOLE_CLIENT} leaves a console: its access and refresh token. */
    public record SignIn(String accessToken, String refreshToken) {
        @Override
        public String toString() {
            return "SignIn[tokens hidden]";
        }
    }

    /** Signs a realm user in by direct access grant through {@link #CONSOLE_CLIENT} (a Keycloak session of its own). */
    public SignIn signIn(String username, String password) {
        JsonNode answer = tokenResponse(Map.of("grant_type", "password", "client_id", CONSOLE_CLIENT,
                "username", username, "password", password, "scope", "openid"));
        return new SignIn(answer.get("access_token").asString(), answer.get("refresh_token").asString());
    }

    /** The realm's administration API as Keycloak's own administrator ({@code admin}/{@code admin} of the master realm). */
    public KeycloakAdmin admin() {
        return new KeycloakAdmin(baseUrl(), REALM, HTTP);
    }

    /** An access token for a confidential client's service account. */
    public String clientCredentialsToken(String clientId, String clientSecret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret));
    }

    /** An access token for the integrator service account of the demo realm. */
    public String clientCredentialsToken() {
        return clientCredentialsToken(INTEGRATOR_CLIENT, INTEGRATOR_SECRET);
    }

    /** Stops Keycloak (SIGTERM to its process group, SIGKILL after 30 s) and waits until it is gone. */
    @Override
    public void close() {
        node.stop();
    }

    private String token(Map<String, String> form) {
        return tokenResponse(form).get("access_token").asString();
    }

    private JsonNode tokenResponse(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUri() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a " + form.get("grant_type") + " token: HTTP "
                        + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak at " + baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Keycloak for a token", e);
        }
    }

    private static Path realmFromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream realm = loader.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the classpath; the realm export lives in "
                        + "platform-security, add it as a dependency of the module under test");
            }
            Path copy = Files.createTempFile("city-realm-", ".json");
            copy.toFile().deleteOnExit();
            Files.copy(realm, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REALM_RESOURCE, e);
        }
    }
}
