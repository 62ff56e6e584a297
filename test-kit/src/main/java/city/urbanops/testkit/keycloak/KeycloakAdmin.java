package city.urbanops.testkit.keycloak;

import city.urbanops.events.codec.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Changes a realm's people through Keycloak's administration REST API, as the master realm's {@code admin}: what a
 * city's identity administrator does while users are signed in (a person created, a role taken away, every session of
 * a person ended). Tests use people of their own, never the demo users others rely on.
 */
public final class KeycloakAdmin {

    private static final EventJson JSON = new EventJson();

    private final String baseUrl;
    private final String realm;
    private final HttpClient http;

    KeycloakAdmin(String baseUrl, String realm, HttpClient http) {
        this.baseUrl = baseUrl;
        this.realm = realm;
        this.http = http;
    }

    /** Creates an enabled person with a password, realm roles and scope; answers Keycloak's id of them. */
    public String createUser(String username, String password, List<String> realmRoles, List<String> departments,
                             List<String> districts) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("emailVerified", true);
        user.put("email", username + "@urbanops.city");
        user.put("firstName", username);
        user.put("lastName", "Test");
        user.put("attributes", Map.of("departments", departments, "districts", districts));
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        send("POST", "/users", user, 201);
        String id = userId(username);
        List<Object> roles = new ArrayList<>();
        for (String role : realmRoles) {
            roles.add(JSON.mapper().convertValue(get("/roles/" + encode(role)), Map.class));
        }
        send("POST", "/users/" + id + "/role-mappings/realm", roles, 204);
        return id;
    }

    /** Takes a realm role away from a person; their existing tokens keep it until they are refreshed. */
    public void removeRealmRole(String username, String role) {
        Object representation = JSON.mapper().convertValue(get("/roles/" + encode(role)), Map.class);
        send("DELETE", "/users/" + userId(username) + "/role-mappings/realm", List.of(representation), 204);
    }

    /** Ends every Keycloak session of a person: their refresh tokens are refused from now on. */
    public void endSessions(String username) {
        send("POST", "/users/" + userId(username) + "/logout", null, 204);
    }

    private String userId(String username) {
        JsonNode found = get("/users?exact=true&username=" + encode(username));
        if (found.isEmpty()) {
            throw new IllegalStateException("no user " + username + " in realm " + realm);
        }
        return found.get(0).get("id").asString();
    }

    private JsonNode get(String path) {
        HttpResponse<byte[]> answer = call(HttpRequest.newBuilder(uri(path)).GET(), 200);
        return JSON.readTree(answer.body());
    }

    private void send(String method, String path, Object body, int expected) {
        var publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.mapper().writeValueAsBytes(body));
        call(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").method(method, publisher),
                expected);
    }

    private HttpResponse<byte[]> call(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<byte[]> answer = http.send(request.timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + adminToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != expected) {
                throw new IllegalStateException("Keycloak's admin API answered " + answer.statusCode() + " to "
                        + answer.request().method() + " " + answer.request().uri().getPath() + ": "
                        + new String(answer.body(), StandardCharsets.UTF_8));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Keycloak's admin API", e);
        }
    }

    private String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused its administrator a token: HTTP " + answer.statusCode());
        }
        return JSON.readTree(answer.body()).get("access_token").asString();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + "/admin/realms/" + realm + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
