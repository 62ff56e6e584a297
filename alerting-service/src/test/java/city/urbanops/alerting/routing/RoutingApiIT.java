package city.urbanops.alerting.routing;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The routing, schedule and maintenance window API as clients use it: the application on a random port, its own
 * database on the test kit's PostgreSQL, the test kit's Kafka, tokens of the demo realm's users from a real Keycloak;
 * every bean is the real one (alert store, notification outbox).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingApiIT {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        var database = TestInfrastructure.postgres()
                .createDatabase("routing_api_" + UUID.randomUUID().toString().substring(0, 8));
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        registry.add("urbanops.alerting.escalation.enabled", () -> "false");
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.kafka.consumer.group-id", () -> "alerting-routing-it-" + UUID.randomUUID());
    }

    private HttpResponse<String> call(String method, String path, String user, String body) {
        var token = TOKENS.computeIfAbsent(user, u -> KeycloakServer.shared().passwordToken(u, u));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.mapper().readTree(response.body());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String networkSchedule() {
        var id = unique("network");
        var created = call("POST", "/api/v1/schedules", "supervisor", """
                {"id": "%s", "name": "Network team", "timeZone": "Europe/Paris",
                 "rotations": [{"name": "primary", "start": "2026-03-16T08:00:00",
                   "rrule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                   "people": [{"userId": "anna", "displayName": "Anna Network", "email": "anna@city.example"},
                              {"userId": "bruno", "displayName": "Bruno Network", "email": "bruno@city.example"}]}]}
                """.formatted(id));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return id;
    }

    @Test
    void supervisorWritesScheduleAndOperatorAsksWhoIsOnCallAcrossSummerTime() {
        var schedule = networkSchedule();

        var beforeHandover = call("GET", "/api/v1/schedules/" + schedule + "/on-call?at=2026-03-30T05:59:00Z",
                "operator", null);
        var afterHandover = call("GET", "/api/v1/schedules/" + schedule + "/on-call?at=2026-03-30T06:00:00Z",
                "operator", null);

        assertThat(beforeHandover.statusCode()).as(beforeHandover.body()).isEqualTo(200);
        // Handovers 23 March (→ Bruno) and 30 March 08:00 CEST = 06:00 UTC (→ Anna again).
        assertThat(json(beforeHandover).at("/people/0/userId").asString()).isEqualTo("bruno");
        assertThat(json(afterHandover).at("/people/0/userId").asString()).isEqualTo("anna");
    }

    @Test
    void overrideAddedThroughTheApiWinsOverTheRotation() {
        var schedule = networkSchedule();
        var added = call("POST", "/api/v1/schedules/" + schedule + "/overrides", "supervisor", """
                {"person": {"userId": "otto", "displayName": "Otto Override", "email": "otto@city.example"},
                 "startsAt": "2026-03-30T00:00:00Z", "endsAt": "2026-03-31T00:00:00Z"}""");

        var onCall = call("GET", "/api/v1/schedules/" + schedule + "/on-call?at=2026-03-30T12:00:00Z", "analyst", null);

        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(json(onCall).at("/people/0/userId").asString()).isEqualTo("otto");
        assertThat(json(onCall).at("/overridden").asBoolean()).isTrue();
    }

    @Test
    void networkTeamPolicyIsStoredAndListedBeforeTheFallback() {
        var schedule = networkSchedule();
        var policy = unique("network-faults");

        var created = call("POST", "/api/v1/routing-policies", "supervisor", """
                {"id": "%s", "name": "Network faults to the network team", "priority": 10,
                 "match": {"causes": ["NETWORK_FAULT"]}, "scheduleId": "%s", "groupWait": "PT1M",
                 "escalation": [{"after": "PT15M", "scheduleId": "%s"},
                                {"after": "PT30M", "users": [{"userId": "supervisor", "displayName": "Duty supervisor",
                                                              "email": "supervisor@city.example"}]}]}
                """.formatted(policy, schedule, schedule));
        var listed = call("GET", "/api/v1/routing-policies", "operator", null);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(listed).at("/fallback/id").asString()).isEqualTo("fallback");
        assertThat(json(listed).get("items").valueStream().map(p -> p.get("id").asString())).contains(policy);
        var read = json(call("GET", "/api/v1/routing-policies/" + policy, "analyst", null));
        assertThat(read.at("/escalation/1/after").asString()).isEqualTo("PT30M");
        assertThat(read.at("/enabled").asBoolean()).isTrue();

        var deleteSchedule = call("DELETE", "/api/v1/schedules/" + schedule, "supervisor", null);
        assertThat(deleteSchedule.statusCode()).as("a policy uses it").isEqualTo(409);
    }

    @Test
    void invalidPolicyIsRefusedNamingTheFields() {
        var refused = call("POST", "/api/v1/routing-policies", "admin", """
                {"id": "%s", "name": "Nights", "priority": 1, "users": [],
                 "match": {"timeWindows": [{"zone": "Europe/Nowhere", "from": "22:00", "to": "06:00"}]},
                 "escalation": [{"after": "PT0S", "users": []}]}""".formatted(unique("bad")));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(refused).get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains("match.timeWindows[0].zone", "scheduleId", "escalation[0].after", "escalation[0].scheduleId");
    }

    @Test
    void operatorReadsButCannotWritePolicies() {
        var refused = call("POST", "/api/v1/routing-policies", "operator", """
                {"id": "%s", "name": "x", "priority": 1, "webhookEndpointIds": ["hook"]}""".formatted(unique("op")));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/routing-policies", "operator", null).statusCode()).isEqualTo(200);
    }

    @Test
    void maintenanceWindowIsValidatedStoredAndListed() {
        var now = Instant.now();
        var backwards = call("POST", "/api/v1/maintenance-windows", "supervisor", """
                {"target": "SITE", "targetId": "station-3", "startsAt": "%s", "endsAt": "%s", "reason": "pumps"}
                """.formatted(now.plusSeconds(7200), now.plusSeconds(3600)));
        var tooLong = call("POST", "/api/v1/maintenance-windows", "supervisor", """
                {"target": "SITE", "targetId": "station-3", "startsAt": "%s", "endsAt": "%s", "reason": "pumps"}
                """.formatted(now, now.plus(Duration.ofDays(31))));
        var created = call("POST", "/api/v1/maintenance-windows", "supervisor", """
                {"target": "SITE", "targetId": "station-3", "startsAt": "%s", "endsAt": "%s", "reason": "pumps"}
                """.formatted(now, now.plusSeconds(3600)));

        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards).at("/errors/0/field").asString()).isEqualTo("endsAt");
        assertThat(json(tooLong).at("/errors/0/field").asString()).isEqualTo("endsAt");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var id = json(created).get("id").asString();
        assertThat(json(created).get("createdBy").asString()).isEqualTo("supervisor");
        assertThat(json(call("GET", "/api/v1/maintenance-windows", "operator", null)).get("items").valueStream()
                .map(w -> w.get("id").asString())).contains(id);
        assertThat(call("POST", "/api/v1/maintenance-windows", "technician", "{}").statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/api/v1/maintenance-windows/" + id, "admin", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/maintenance-windows/" + id, "operator", null).statusCode()).isEqualTo(404);
    }
}
