package city.urbanops.registry.support;

import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The registry's REST API as a client sees it: real HTTP, bearer tokens of the demo realm's users from the test kit's
 * Keycloak (password = user name), JSON bodies.
 */
public final class RegistryApi {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // Keycloak's access tokens live five minutes; one per user is reused for a minute.
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private final String baseUrl;

    public RegistryApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    private record Token(String value, Instant fetchedAt) {
    }

    /** An access token of the demo user {@code user}. */
    public static String tokenOf(String user) {
        return TOKENS.compute(user, (u, token) -> token != null
                && token.fetchedAt().isAfter(Instant.now().minusSeconds(60)) ? token
                : new Token(KeycloakServer.shared().passwordToken(u, u), Instant.now())).value();
    }

    public HttpResponse<String> get(String path, String user) {
        return send("GET", path, user, null, Map.of());
    }

    public HttpResponse<String> post(String path, String user, Object body) {
        return send("POST", path, user, body, Map.of());
    }

    public HttpResponse<String> send(String method, String path, String user, Object body,
                                     Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Bearer " + tokenOf(user));
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.mapper().readTree(response.body());
    }
}
