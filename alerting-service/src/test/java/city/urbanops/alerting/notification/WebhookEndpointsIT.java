package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class WebhookEndpointsIT extends NotificationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("authorization", "Bearer " + KeycloakServer.shared().passwordToken(user, user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void supervisorCreatesAnEndpointWhoseSecretIsAnsweredOnceAndSignsItsCalls(CapturedOutput output)
            throws Exception {
        String path = "/hooks/rest-" + UUID.randomUUID();
        HttpResponse<String> created = call("POST", "/api/v1/webhook-endpoints", "supervisor",
                "{\"url\":\"" + receiver().url(path) + "\",\"description\":\"flood desk\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode endpoint = JSON.readTree(created.body());
        String secret = endpoint.get("secret").asString();
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");

        HttpResponse<String> listed = call("GET", "/api/v1/webhook-endpoints", "admin", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(endpoint.get("id").asString()).contains("flood desk")
                .doesNotContain(secret).doesNotContain("secret\"");

        String district = newDistrict("rest");
        route(district, List.of(), List.of(endpoint.get("id").asString()));
        Alert a = open(district, "Via REST", Severity.MAJOR);
        clock.advance(GROUP_WAIT);
        awaitAllSent(a.id(), 1);
        assertThat(WebhookReceiver.verifies(secret, receiver().callsTo(path).getFirst())).isTrue();

        HttpResponse<String> deliveries = call("GET", "/api/v1/notifications?alertId=" + a.id(), "supervisor", null);
        assertThat(deliveries.statusCode()).isEqualTo(200);
        JsonNode item = JSON.readTree(deliveries.body()).at("/items/0");
        assertThat(item.get("channel").asString()).isEqualTo("WEBHOOK");
        assertThat(item.get("state").asString()).isEqualTo("SENT");
        assertThat(item.get("attempts").asInt()).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(secret.substring(6));
    }

    @Test
    void rotationSignsWithOldAndNewSecretUntilTheOverlapEnds() throws Exception {
        String path = "/hooks/rotate-" + UUID.randomUUID();
        JsonNode endpoint = JSON.readTree(call("POST", "/api/v1/webhook-endpoints", "admin",
                "{\"url\":\"" + receiver().url(path) + "\"}").body());
        String id = endpoint.get("id").asString();
        String oldSecret = endpoint.get("secret").asString();

        HttpResponse<String> rotated = call("POST", "/api/v1/webhook-endpoints/" + id + "/secrets", "supervisor", null);
        assertThat(rotated.statusCode()).isEqualTo(201);
        String newSecret = JSON.readTree(rotated.body()).get("secret").asString();
        assertThat(JSON.readTree(rotated.body()).get("previousSecretsValidUntil").asString())
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)).toString());

        String district = newDistrict("rotate");
        route(district, List.of(), List.of(id));
        Alert during = open(district, "During overlap", Severity.MAJOR);
        clock.advance(GROUP_WAIT);
        awaitAllSent(during.id(), 1);
        WebhookReceiver.Call overlapping = receiver().callsTo(path).getFirst();
        assertThat(overlapping.signature().split(" ")).hasSize(2);
        assertThat(WebhookReceiver.verifies(oldSecret, overlapping)).isTrue();
        assertThat(WebhookReceiver.verifies(newSecret, overlapping)).isTrue();

        clock.advance(Duration.ofHours(1));
        Alert after = open(district, "After overlap", Severity.MAJOR);
        clock.advance(GROUP_WAIT);
        awaitAllSent(after.id(), 1);
        WebhookReceiver.Call later = receiver().callsTo(path).get(1);
        assertThat(later.signature().split(" ")).hasSize(1);
        assertThat(WebhookReceiver.verifies(newSecret, later)).isTrue();
        assertThat(WebhookReceiver.verifies(oldSecret, later)).isFalse();
    }

    @Test
    void endpointsAreForSupervisorsAndAdminsWithValidatedUrls() throws Exception {
        assertThat(call("POST", "/api/v1/webhook-endpoints", "operator", "{\"url\":\"https://example.org/h\"}")
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/webhook-endpoints", null, null).statusCode()).isEqualTo(401);
        for (String url : List.of("ftp://example.org/h", "javascript:alert(1)", "https:///nohost",
                "https://user:pw@example.org/h", "https://example.org/" + "a".repeat(2048))) {
            HttpResponse<String> refused = call("POST", "/api/v1/webhook-endpoints", "supervisor",
                    "{\"url\":\"" + url + "\"}");
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(refused.body()).as(url).contains("'url'");
        }
        JsonNode endpoint = JSON.readTree(call("POST", "/api/v1/webhook-endpoints", "supervisor",
                "{\"url\":\"https://example.org/h\"}").body());
        String id = endpoint.get("id").asString();
        assertThat(call("DELETE", "/api/v1/webhook-endpoints/" + id, "supervisor", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/webhook-endpoints/" + id, "supervisor", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/webhook-endpoints/" + id + "/secrets", "admin", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void deliveriesOfAnAlertOutsideTheCallersScopeAreNotFound() throws Exception {
        String district = newDistrict("scope");
        route(district, List.of(), List.of());
        Alert a = open(district, "Elsewhere", Severity.MAJOR);

        assertThat(call("GET", "/api/v1/notifications?alertId=" + a.id(), "technician", null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/api/v1/notifications?alertId=" + a.id(), "analyst", null).statusCode())
                .isEqualTo(200);
    }
}
