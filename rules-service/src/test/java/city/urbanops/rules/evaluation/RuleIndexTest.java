package city.urbanops.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleIndexTest {

    private static final DeviceRecord WATER = device("wl-1", "water-level", "north");
    private static final DeviceRecord AIR = device("aq-1", "air-quality", "south");

    private static DeviceRecord device(String id, String type, String district) {
        return new DeviceRecord(id, null, DeviceKind.SENSOR, type, "gw-1", DeviceLifecycle.ACTIVE, null, "water",
                district, null, null, null, List.of(), 1, Instant.EPOCH);
    }

    private static RuleRelease release(String id, Scope scope, Condition condition) {
        return new RuleRelease(id, 1, new RuleDocument(id, null, Severity.WARNING, null, scope, condition),
                Instant.EPOCH, "supervisor");
    }

    private static Condition above(String measurement) {
        return new Condition.Threshold(measurement, Condition.Direction.ABOVE, 1, null, null);
    }

    @Test
    void aReadingMeetsOnlyTheRulesOfItsMeasurementWhoseScopeCoversTheDevice() {
        var index = RuleIndex.of(List.of(
                release("any-level", Scope.everything(), above("water_level")),
                release("water-type", new Scope(List.of("water-level"), null, null, null, null), above("water_level")),
                release("air-type", new Scope(List.of("air-quality"), null, null, null, null), above("water_level")),
                release("south-only", new Scope(null, null, List.of("south"), null, null), above("water_level")),
                release("noise", Scope.everything(), above("noise"))));

        assertThat(index.rulesFor(WATER, "water_level")).extracting(RuleRelease::ruleId)
                .containsExactlyInAnyOrder("any-level", "water-type");
        assertThat(index.rulesFor(AIR, "water_level")).extracting(RuleRelease::ruleId)
                .containsExactlyInAnyOrder("any-level", "air-type", "south-only");
        assertThat(index.rulesFor(WATER, "pm10")).isEmpty();
    }

    @Test
    void aRuleListingDevicesIsFoundByTheDeviceIdAndStillHeldToTheRestOfItsScope() {
        var index = RuleIndex.of(List.of(
                release("street-7", new Scope(null, null, null, null, List.of("wl-1", "wl-2")), above("water_level")),
                release("street-7-south", new Scope(null, null, List.of("south"), null, List.of("wl-1")),
                        above("water_level")),
                release("street-9", new Scope(null, null, null, null, List.of("aq-1")), above("water_level"))));

        assertThat(index.rulesFor(WATER, "water_level")).extracting(RuleRelease::ruleId).containsExactly("street-7");
        assertThat(index.rulesFor(AIR, "water_level")).extracting(RuleRelease::ruleId).containsExactly("street-9");
        assertThat(index.rulesFor(WATER, "pm10")).isEmpty();
        assertThat(index.watches("water_level")).isTrue();
    }

    @Test
    void absenceRulesAreFoundByScopeAndTheirMeasurementIsWatched() {
        var index = RuleIndex.of(List.of(
                release("silent", new Scope(null, null, List.of("north"), null, null),
                        new Condition.Absence("pm10", Duration.ofMinutes(10))),
                release("level", Scope.everything(), above("water_level"))));

        assertThat(index.absencesFor(WATER)).extracting(RuleRelease::ruleId).containsExactly("silent");
        assertThat(index.absencesFor(AIR)).isEmpty();
        assertThat(index.rulesFor(WATER, "pm10")).as("absences are not judged per reading").isEmpty();
        assertThat(index.watches("pm10")).isTrue();
        assertThat(index.watches("water_level")).isTrue();
        assertThat(index.watches("noise")).isFalse();
        assertThat(index.release("silent")).isNotNull();
        assertThat(index.release("gone")).isNull();
    }
}
