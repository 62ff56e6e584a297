package city.urbanops.alerting.alert;

import static city.urbanops.alerting.alert.AlertEvents.raised;
import static city.urbanops.alerting.alert.AlertsApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The alerts API over real HTTP with real tokens: listing, paging, scope, and what people do to an alert. */
class AlertsApiIT extends AlertingServiceIT {

    @Autowired
    ApplyingAlertEvents applying;

    @Autowired
    JdbcClient jdbc;

    AlertsApi api;

    @BeforeEach
    void setUp() {
        api = new AlertsApi(baseUrl());
    }

    @Test
    void theListPagesThroughEveryMatchingAlertNewestFirstWithACursor() {
        String department = "dept-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(alert(department, "north"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = json(ok(api.get("/api/v1/alerts?department=" + department + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), "supervisor")));
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor") == null || page.get("nextCursor").isNull() ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed().stream().map(UUID::toString).toList());
    }

    @Test
    void filtersNarrowTheList() {
        String department = "dept-" + UUID.randomUUID().toString().substring(0, 8);
        UUID major = alert(department, "north");
        UUID critical = alertOf(AlertEvents.withSeverity(raised(newConditionKey("api"), "flood", department, "south",
                Instant.now()), AlertEvent.Severity.CRITICAL));

        assertThat(ids(api.get("/api/v1/alerts?department=" + department + "&severity=CRITICAL", "supervisor")))
                .containsExactly(critical.toString());
        assertThat(ids(api.get("/api/v1/alerts?department=" + department + "&district=north", "supervisor")))
                .containsExactly(major.toString());
        assertThat(ids(api.get("/api/v1/alerts?department=" + department + "&status=RESOLVED", "supervisor")))
                .isEmpty();
    }

    @Test
    void aLimitOverTheMaximumIsRefusedNamingLimitAndABadCursorNamingCursor() {
        var tooMany = api.get("/api/v1/alerts?limit=201", "supervisor");
        var badCursor = api.get("/api/v1/alerts?cursor=not-ours", "supervisor");

        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany).get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(json(badCursor).get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }

    @Test
    void anIntegratorsServiceAccountReadsTheAlertsOfItsScopeWithClientCredentials() throws Exception {
        UUID environment = alert("environment", "east");
        UUID water = alert("water", "east");
        String token = KeycloakServer.shared().clientCredentialsToken();

        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(baseUrl() + "/api/v1/alerts?department=environment&limit=200"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        var forbidden = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(baseUrl() + "/api/v1/alerts/" + environment + "/acknowledge"))
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ids(response)).contains(environment.toString()).doesNotContain(water.toString());
        assertThat(forbidden.statusCode()).as("integrators read, they do not act on alerts").isEqualTo(403);
    }

    @Test
    void aTechnicianSeesOnlyTheAlertsOfTheirDepartmentsAndDistricts() {
        UUID inScope = alert("water", "north");
        UUID otherDistrict = alert("water", "south");
        UUID otherDepartment = alert("transport", "north");

        assertThat(api.get("/api/v1/alerts/" + inScope, "technician").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/alerts/" + otherDistrict, "technician").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/alerts/" + otherDepartment + "/timeline", "technician").statusCode())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/alerts/" + otherDistrict + "/acknowledge", "technician", null).statusCode())
                .isEqualTo(404);
        var listed = json(ok(api.get("/api/v1/alerts?limit=200", "technician"))).get("items");
        assertThat(listed).isNotEmpty().allSatisfy(item -> {
            assertThat(item.get("department").asString()).isEqualTo("water");
            assertThat(item.get("district").asString()).isEqualTo("north");
        });
        assertThat(ids(api.get("/api/v1/alerts?limit=200", "technician"))).contains(inScope.toString())
                .doesNotContain(otherDistrict.toString(), otherDepartment.toString());
    }

    @Test
    void acknowledgingTwiceOrAfterResolutionIsAConflictThatChangesNothing() {
        UUID id = alert("water", "north");

        var first = api.post("/api/v1/alerts/" + id + "/acknowledge", "technician", Map.of("note", "on my way"));
        var second = api.post("/api/v1/alerts/" + id + "/acknowledge", "supervisor", null);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(json(first).get("acknowledgedBy").asString()).isEqualTo("technician");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(second).get("alertStatus").asString()).isEqualTo("ACKNOWLEDGED");

        ok(api.post("/api/v1/alerts/" + id + "/resolve", "technician", Map.of("note", "pump restarted")));
        assertThat(api.post("/api/v1/alerts/" + id + "/resolve", "technician", null).statusCode()).isEqualTo(409);
        assertThat(api.post("/api/v1/alerts/" + UUID.randomUUID() + "/acknowledge", "supervisor", null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void assigningToAPersonOrATeamCommentingAndResolvingAllShowOnTheTimelineWithTheirActor() {
        UUID id = alert("water", "north");

        var toTeam = api.post("/api/v1/alerts/" + id + "/assign", "supervisor", Map.of("team", "pump crew north"));
        var both = api.post("/api/v1/alerts/" + id + "/assign", "supervisor", Map.of("team", "a", "person", "b"));
        var comment = api.post("/api/v1/alerts/" + id + "/comments", "technician", Map.of("text", "valve stuck"));
        var tooLong = api.post("/api/v1/alerts/" + id + "/comments", "technician", Map.of("text", "x".repeat(2001)));
        ok(api.post("/api/v1/alerts/" + id + "/resolve", "supervisor", Map.of("note", "fixed")));

        assertThat(json(ok(toTeam)).get("assignee").get("kind").asString()).isEqualTo("TEAM");
        assertThat(json(toTeam).get("assignee").get("name").asString()).isEqualTo("pump crew north");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(comment.statusCode()).isEqualTo(201);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).get("errors").get(0).get("field").asString()).isEqualTo("text");
        var timeline = json(ok(api.get("/api/v1/alerts/" + id + "/timeline", "analyst"))).get("items");
        List<String> lines = new ArrayList<>();
        timeline.forEach(e -> lines.add(e.get("kind").asString() + " " + e.get("actor").asString() + " "
                + (e.get("note") == null || e.get("note").isNull() ? "" : e.get("note").asString())));
        assertThat(lines).containsExactly("OPENED rules-service confirmed by 2 neighbours",
                "ASSIGNED supervisor team pump crew north", "COMMENTED technician valve stuck",
                "RESOLVED supervisor fixed");
    }

    @Test
    void aSupervisorSetsARulesResolutionModeAndAnUnknownModeIsRefused() {
        var set = api.send("PUT", "/api/v1/alert-resolution-modes/flood-manual", "supervisor", Map.of("mode", "MANUAL"));
        var unknown = api.send("PUT", "/api/v1/alert-resolution-modes/flood-manual", "supervisor",
                Map.of("mode", "SOMETIMES"));

        assertThat(json(ok(set)).get("mode").asString()).isEqualTo("MANUAL");
        assertThat(jdbc.sql("select mode from alert_resolution_mode where rule_id = 'flood-manual'")
                .query(String.class).single()).isEqualTo("MANUAL");
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    private UUID alert(String department, String district) {
        return alertOf(raised(newConditionKey("api"), "flood", department, district, Instant.now()));
    }

    private UUID alertOf(AlertEvent event) {
        assertThat(applying.apply(event)).isEqualTo(ApplyingAlertEvents.Outcome.OPENED);
        return jdbc.sql("select id from alert where condition_key = ?").param(event.conditionKey())
                .query(UUID.class).single();
    }

    private List<String> ids(HttpResponse<String> response) {
        List<String> ids = new ArrayList<>();
        json(ok(response)).get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response;
    }
}
