package city.urbanops.rules.management;

import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Realm users the demo realm lacks (a supervisor with a restricted scope), created once per JVM through Keycloak's
 * admin API on the test kit's Keycloak; password = user name, like the demo users.
 */
final class RealmUsers {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private RealmUsers() {
    }

    /** Makes sure {@code username} exists with {@code role} and the given scope claims. */
    static synchronized void ensure(String username, String role, List<String> departments, List<String> districts) {
        if (CREATED.contains(username)) {
            return;
        }
        var keycloak = KeycloakServer.shared();
        String admin = adminToken(keycloak.baseUrl());
        String realm = keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM;
        var created = send("POST", realm + "/users", admin, Map.of("username", username, "enabled", true,
                "email", username + "@city.example", "emailVerified", true, "firstName", username, "lastName", "Test",
                "attributes", Map.of("departments", departments, "districts", districts),
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false))));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("cannot create user " + username + ": " + created.body());
        }
        var users = JSON.mapper().readTree(send("GET", realm + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), admin, null).body());
        String id = users.get(0).get("id").asString();
        var roleRepresentation = JSON.mapper().readTree(send("GET", realm + "/roles/" + role, admin, null).body());
        var mapped = send("POST", realm + "/users/" + id + "/role-mappings/realm", admin,
                List.of(JSON.mapper().convertValue(roleRepresentation, Map.class)));
        if (mapped.statusCode() != 204) {
            throw new IllegalStateException("cannot give " + username + " the role " + role + ": " + mapped.body());
        }
        CREATED.add(username);
    }

    private static String adminToken(String baseUrl) {
        var form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return JSON.mapper().readTree(response.body()).get("access_token").asString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign in to Keycloak's admin API", e);
        }
    }

    private static HttpResponse<String> send(String method, String url, String token, Object body) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url, e);
        }
    }
}
