package city.urbanops.rules.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles and scope with real tokens: supervisors and admins change rules within their departments and districts,
 * operators and analysts read the rules their scope intersects (others are 404), technicians and integrators are
 * refused, and nobody without a token gets anything.
 */
class RuleAccessIT extends RulesServiceIT {

    /** A supervisor of the water department in the north district only. */
    private static final String NORTH_WATER_SUPERVISOR = "supervisor-water-north";

    RulesApi api;

    @BeforeEach
    void setUp() {
        api = new RulesApi(baseUrl());
        RealmUsers.ensure(NORTH_WATER_SUPERVISOR, "supervisor", List.of("water"), List.of("north"));
    }

    @Test
    void aSupervisorChangesRulesWithinTheirScope() {
        String id = newRuleId("inscope");

        var created = api.post("/api/v1/rules", NORTH_WATER_SUPERVISOR, newRule(id, List.of("water"), List.of("north")));
        var enabled = api.post("/api/v1/rules/" + id + "/enable", NORTH_WATER_SUPERVISOR,
                Map.of("version", 1, "reason", "north flood season"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        assertThat(RulesApi.json(enabled).get("enabledBy").asString()).isEqualTo(NORTH_WATER_SUPERVISOR);
    }

    @Test
    void aSupervisorCannotCreateARuleReachingBeyondTheirScope() {
        var otherDepartment = api.post("/api/v1/rules", NORTH_WATER_SUPERVISOR,
                newRule(newRuleId("beyond"), List.of("transport"), List.of("north")));
        var allDistricts = api.post("/api/v1/rules", NORTH_WATER_SUPERVISOR,
                newRule(newRuleId("beyond"), List.of("water"), null));
        var cityWide = api.post("/api/v1/rules", NORTH_WATER_SUPERVISOR, newRule(newRuleId("beyond"), null, null));

        for (var response : List.of(otherDepartment, allDistricts, cityWide)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(RulesApi.json(response).get("detail").asString()).contains("reaches beyond");
        }
    }

    @Test
    void aSupervisorSeesButCannotChangeACityWideRule() {
        String id = newRuleId("citywide");
        assertThat(api.post("/api/v1/rules", "supervisor", newRule(id, null, null)).statusCode()).isEqualTo(201);

        var read = api.get("/api/v1/rules/" + id, NORTH_WATER_SUPERVISOR);
        var enable = api.post("/api/v1/rules/" + id + "/enable", NORTH_WATER_SUPERVISOR,
                Map.of("version", 1, "reason", "try"));
        var newVersion = api.post("/api/v1/rules/" + id + "/versions", NORTH_WATER_SUPERVISOR,
                Map.of("reason", "narrow it", "rule", RulesApi.floodRule("n", 1.5, List.of("water"), List.of("north"))));

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(enable.statusCode()).isEqualTo(403);
        assertThat(newVersion.statusCode()).isEqualTo(403);
        assertThat(RulesApi.json(api.get("/api/v1/rules/" + id, "admin")).get("latestVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aRuleOutsideTheReadersScopeDoesNotExistForThem() {
        String south = newRuleId("south");
        assertThat(api.post("/api/v1/rules", "supervisor", newRule(south, List.of("water"), List.of("south")))
                .statusCode()).isEqualTo(201);

        assertThat(api.get("/api/v1/rules/" + south, NORTH_WATER_SUPERVISOR).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/rules/" + south + "/history", NORTH_WATER_SUPERVISOR).statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/rules/" + south + "/enable", NORTH_WATER_SUPERVISOR,
                Map.of("version", 1, "reason", "x")).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/rules/" + south, "operator").statusCode()).isEqualTo(404);
        assertThat(listedIds("operator")).doesNotContain(south);
        assertThat(listedIds("analyst")).contains(south);
    }

    @Test
    void anOperatorReadsRulesOfTheirDepartmentButChangesNothing() {
        String id = newRuleId("transport");
        var rule = Map.of("id", id, "reason", "doors", "rule", Map.of("name", "Door open", "severity", "WARNING",
                "scope", Map.of("departments", List.of("transport"), "deviceTypes", List.of("door-contact")),
                "condition", Map.of("type", "state-held", "measurement", "open", "equals", true,
                        "forDuration", "PT10M")));
        assertThat(api.post("/api/v1/rules", "admin", rule).statusCode()).isEqualTo(201);

        assertThat(api.get("/api/v1/rules/" + id, "operator").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/rules/" + id + "/versions/1", "operator").statusCode()).isEqualTo(200);
        assertThat(listedIds("operator")).contains(id);
        assertThat(api.post("/api/v1/rules/" + id + "/enable", "operator", Map.of("version", 1, "reason", "x"))
                .statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/rules", "operator", newRule(newRuleId("op"), List.of("transport"), null))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void techniciansAndIntegratorsAreForbiddenAndStrangersUnauthenticated() {
        for (String user : List.of("technician", "integrator")) {
            var response = api.get("/api/v1/rules", user);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(api.get("/api/v1/rules", null).statusCode()).isEqualTo(401);
        assertThat(api.post("/api/v1/rules", null, newRule(newRuleId("anon"), null, null)).statusCode())
                .isEqualTo(401);
    }

    private List<String> listedIds(String user) {
        var ids = new ArrayList<String>();
        String cursor = null;
        do {
            var response = api.get("/api/v1/rules?limit=500" + (cursor == null ? "" : "&cursor=" + cursor), user);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var page = RulesApi.json(response);
            page.get("items").forEach(item -> ids.add(item.get("id").asString()));
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
        } while (cursor != null);
        return ids;
    }

    private static Map<String, Object> newRule(String id, List<String> departments, List<String> districts) {
        return Map.of("id", id, "reason", "scope test", "rule",
                RulesApi.floodRule("River high", 1.5, departments, districts));
    }
}
