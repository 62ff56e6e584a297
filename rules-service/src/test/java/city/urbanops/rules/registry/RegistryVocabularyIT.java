package city.urbanops.rules.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.rules.management.RulesApi;
import city.urbanops.rules.management.RulesServiceIT;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary follows registry.devices on the real broker: a district appears with its first device and rules may
 * name it, and goes with the tombstone of its last; readiness includes it.
 */
class RegistryVocabularyIT extends RulesServiceIT {

    @Test
    void aDistrictNamedByANewDeviceMayBeUsedUntilItsLastDeviceGoes() {
        String district = "east-" + UUID.randomUUID().toString().substring(0, 6);
        String deviceId = "flood-" + district;
        var api = new RulesApi(baseUrl());

        String ruleId = newRuleId("east");

        publishDevice(deviceId, device(deviceId, "flood-sensor", "water", district, null, List.of("water_level")));
        await().atMost(Duration.ofSeconds(30)).until(() -> vocabulary.districts().contains(district));
        var accepted = api.post("/api/v1/rules", "supervisor", Map.of("id", ruleId, "reason", "new",
                "rule", RulesApi.floodRule("East", 1.5, null, List.of(district))));

        publishDevice(deviceId, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> !vocabulary.districts().contains(district));
        var refused = api.post("/api/v1/rules", "supervisor", Map.of("id", newRuleId("east"), "reason", "new",
                "rule", RulesApi.floodRule("East", 1.5, null, List.of(district))));
        var enabling = api.post("/api/v1/rules/" + ruleId + "/enable", "supervisor",
                Map.of("version", 1, "reason", "the district has gone meanwhile"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(RulesApi.json(refused).get("errors").get(0).get("field").asString())
                .isEqualTo("rule.scope.districts[0]");
        assertThat(enabling.statusCode()).as("a stored version is checked again before it is enabled")
                .isEqualTo(400);
        assertThat(RulesApi.json(enabling).get("errors").get(0).get("field").asString())
                .isEqualTo("rule.scope.districts[0]");
    }

    @Test
    void readinessIncludesTheVocabulary() {
        var api = new RulesApi(baseUrl());

        var readiness = api.get("/actuator/health/readiness", null);
        var details = RulesApi.json(api.get("/actuator/health", "admin"));

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(details.get("components").get("registryVocabulary").get("status").asString()).isEqualTo("UP");
        assertThat(details.get("components").get("registryVocabulary").get("details").get("devices").asInt())
                .isGreaterThanOrEqualTo(CITY.size());
    }
}
