package city.urbanops.rules.management;

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
 * The rules API as a client sees it: real HTTP, bearer tokens of realm users from the test kit's Keycloak (password =
 * user name), JSON bodies.
 */
public final class RulesApi {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // Keycloak's access tokens live five minutes; one per user is reused for a minute.
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private final String baseUrl;

    public RulesApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    private record Token(String value, Instant fetchedAt) {
    }

    /** An access token of the realm user {@code user}. */
    public static String tokenOf(String user) {
        return TOKENS.compute(user, (u, token) -> token != null
                && token.fetchedAt().isAfter(Instant.now().minusSeconds(60)) ? token
                : new Token(KeycloakServer.shared().passwordToken(u, u), Instant.now())).value();
    }

    public HttpResponse<String> get(String path, String user) {
        return send("GET", path, user, null);
    }

    public HttpResponse<String> post(String path, String user, Object body) {
        return send("POST", path, user, body);
    }

    public HttpResponse<String> send(String method, String path, String user, Object body) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Bearer " + tokenOf(user));
        }
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

    /** A threshold rule document on the water level, scoped as given (null: not restricted). */
    public static Map<String, Object> floodRule(String name, double level, Object departments, Object districts) {
        var scope = new java.util.LinkedHashMap<String, Object>();
        scope.put("deviceTypes", java.util.List.of("flood-sensor"));
        if (departments != null) {
            scope.put("departments", departments);
        }
        if (districts != null) {
            scope.put("districts", districts);
        }
        return Map.of("name", name, "severity", "MAJOR", "recommendedAction", "Check the river gauge",
                "scope", scope, "condition", Map.of("type", "threshold", "measurement", "water_level",
                        "direction", "ABOVE", "value", level, "clearAt", level - 0.2, "forDuration", "PT5M"));
    }
}
