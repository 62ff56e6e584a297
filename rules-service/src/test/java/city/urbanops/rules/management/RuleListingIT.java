package city.urbanops.rules.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing rules: the filters, and cursor pages that together hold every match exactly once. */
class RuleListingIT extends RulesServiceIT {

    RulesApi api;
    String prefix;

    @BeforeEach
    void setUp() {
        api = new RulesApi(baseUrl());
        prefix = newRuleId("list");
        create(prefix + "-a", List.of("south"), true);
        create(prefix + "-b", List.of("north"), false);
        create(prefix + "-c", null, true);
    }

    @Test
    void filtersSelectByMeasurementEnabledAndDistrict() {
        assertThat(ids("measurement=vehicle_count")).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
        assertThat(ids("measurement=vehicle_count&enabled=true")).containsExactly(prefix + "-a", prefix + "-c");
        assertThat(ids("measurement=vehicle_count&enabled=false")).containsExactly(prefix + "-b");
        // A rule naming no district applies in every district.
        assertThat(ids("measurement=vehicle_count&district=north")).containsExactly(prefix + "-b", prefix + "-c");
        assertThat(ids("measurement=water_level")).doesNotContain(prefix + "-a", prefix + "-b", prefix + "-c");
    }

    @Test
    void pagesOfOneHoldEveryMatchOnceInOrder() {
        var ids = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = RulesApi.json(api.get("/api/v1/rules?measurement=vehicle_count&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor), "analyst"));
            page.get("items").forEach(item -> ids.add(item.get("id").asString()));
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(ids.stream().filter(id -> id.startsWith(prefix)).toList())
                .containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
        assertThat(ids).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aListItemDescribesTheRulesCurrentVersion() {
        var item = RulesApi.json(api.get("/api/v1/rules?measurement=vehicle_count&enabled=true&limit=500", "analyst"))
                .get("items").valueStream().filter(i -> i.get("id").asString().equals(prefix + "-a")).findFirst()
                .orElseThrow();

        assertThat(item.get("name").asString()).isEqualTo("Traffic jam");
        assertThat(item.get("severity").asString()).isEqualTo("WARNING");
        assertThat(item.get("conditionType").asString()).isEqualTo("threshold");
        assertThat(item.get("enabledVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aLimitOutsideTheBoundIsRefusedNamingLimit() {
        var response = api.get("/api/v1/rules?limit=100000", "analyst");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RulesApi.json(response).get("errors").get(0).get("field").asString()).isEqualTo("limit");
    }

    private List<String> ids(String query) {
        var response = api.get("/api/v1/rules?limit=500&" + query, "analyst");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var ids = new ArrayList<String>();
        RulesApi.json(response).get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids.stream().filter(id -> id.startsWith(prefix)).toList();
    }

    private void create(String id, List<String> districts, boolean enable) {
        var scope = new java.util.LinkedHashMap<String, Object>();
        scope.put("deviceTypes", List.of("traffic-loop"));
        if (districts != null) {
            scope.put("districts", districts);
        }
        var created = api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "listing", "rule",
                Map.of("name", "Traffic jam", "severity", "WARNING", "scope", scope, "condition", Map.of(
                        "type", "threshold", "measurement", "vehicle_count", "direction", "ABOVE", "value", 900))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (enable) {
            assertThat(api.post("/api/v1/rules/" + id + "/enable", "supervisor",
                    Map.of("version", 1, "reason", "listing")).statusCode()).isEqualTo(200);
        }
    }
}
