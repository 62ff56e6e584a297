package city.urbanops.rules.evaluation;

import static city.urbanops.rules.evaluation.DeviceStageHarness.START;
import static city.urbanops.rules.evaluation.DeviceStageHarness.level;
import static city.urbanops.rules.evaluation.DeviceStageHarness.rule;
import static city.urbanops.rules.evaluation.DeviceStageHarness.sensor;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.Condition.Direction;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's own health (not a rule) and what the stage shares with triage besides conditions. */
class DeviceStageHealthTest {

    @TempDir
    Path stateDir;

    private DeviceStageHarness stage;

    @BeforeEach
    void startStage() {
        stage = new DeviceStageHarness(RulesSettings.defaults(), stateDir);
        stage.register(sensor("wl-1", "water-level", "north", "water_level"));
        stage.register(sensor("t-1", "weather", "north", "temperature", "fault_code", "leak", "battery_low"));
    }

    @AfterEach
    void stopStage() {
        stage.close();
    }

    private static Instant at(int minutes) {
        return START.plus(Duration.ofMinutes(minutes));
    }

    private List<Finding.HealthChange> healthChanges(List<Finding> findings) {
        return findings.stream().filter(Finding.HealthChange.class::isInstance).map(Finding.HealthChange.class::cast)
                .toList();
    }

    @Test
    void aValueStuckForManyReadingsAndLongIsAFaultToldOnceAndOpenConditionsAreResentWithIt() {
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 1.5, null, null)));
        for (int minute = 0; minute <= 40; minute += 5) {
            stage.live("wl-1", at(minute), level(3.2));
        }
        var beforeStuck = stage.findings();
        assertThat(healthChanges(beforeStuck)).as("9 readings are not yet 10").isEmpty();
        assertThat(beforeStuck).filteredOn(Finding.ConditionChange.class::isInstance).hasSize(1);

        stage.live("wl-1", at(45), level(3.2));
        var stuck = stage.findings();
        assertThat(healthChanges(stuck)).singleElement().satisfies(change -> {
            assertThat(change.quarantined()).isFalse();
            assertThat(change.health().faults()).containsExactly(new Signal("stuck-value",
                    "water_level has read 3.20 m 10 times in a row since 2026-11-30 08:00 UTC"));
        });
        assertThat(stuck).filteredOn(Finding.ConditionChange.class::isInstance).singleElement().satisfies(finding -> {
            var change = (Finding.ConditionChange) finding;
            assertThat(change.active()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(0));
            assertThat(change.health().faulty()).isTrue();
        });

        stage.live("wl-1", at(50), level(3.2));
        assertThat(stage.findings()).as("a fault that goes on is no news")
                .noneMatch(finding -> finding instanceof Finding.HealthChange
                        || finding instanceof Finding.ConditionChange);

        stage.live("wl-1", at(55), level(3.25));
        var recovered = stage.findings();
        assertThat(healthChanges(recovered)).singleElement()
                .satisfies(change -> assertThat(change.health().faulty()).isFalse());
        assertThat(recovered).filteredOn(Finding.ConditionChange.class::isInstance).singleElement()
                .satisfies(finding -> assertThat(((Finding.ConditionChange) finding).health().faulty()).isFalse());
    }

    @Test
    void aJumpOfMoreThanHalfTheSensorsRangeWithinAMinuteIsAFaultUntilTheValueComesBack() {
        stage.live("t-1", at(1), Measurement.numeric("temperature", "Cel", 20.0));
        stage.live("t-1", at(1).plusSeconds(20), Measurement.numeric("temperature", "Cel", 145.0));
        assertThat(healthChanges(stage.findings())).singleElement().satisfies(change ->
                assertThat(change.health().faults()).singleElement().satisfies(signal -> {
                    assertThat(signal.name()).isEqualTo("impossible-jump");
                    assertThat(signal.detail()).startsWith("temperature jumped from 20.00 Cel to 145.00 Cel in 20 s");
                }));

        stage.live("t-1", at(2), Measurement.numeric("temperature", "Cel", 144.0));
        assertThat(healthChanges(stage.findings())).as("still far from where it was before the jump").isEmpty();
        stage.live("t-1", at(3), Measurement.numeric("temperature", "Cel", 21.0));
        assertThat(healthChanges(stage.findings())).singleElement()
                .satisfies(change -> assertThat(change.health().faulty()).isFalse());
    }

    @Test
    void aLargeChangeBetweenReadingsFarApartIsNoJump() {
        stage.live("t-1", at(1), Measurement.numeric("temperature", "Cel", 20.0));
        stage.live("t-1", at(3), Measurement.numeric("temperature", "Cel", 141.0));

        assertThat(healthChanges(stage.findings())).isEmpty();
    }

    @Test
    void aSelfDiagnosticFlagIsAFaultWhileALeakIsTheWorldNotTheDevice() {
        stage.live("t-1", at(1), Measurement.bool("leak", true));
        assertThat(healthChanges(stage.findings())).isEmpty();

        stage.live("t-1", at(2), Measurement.text("fault_code", "E42"), Measurement.bool("battery_low", true));
        assertThat(healthChanges(stage.findings())).singleElement().satisfies(change ->
                assertThat(change.health().faults()).containsExactly(
                        new Signal("self-diagnostic", "the device reports a low battery"),
                        new Signal("self-diagnostic", "the device reports fault code E42")));

        stage.live("t-1", at(3), Measurement.text("fault_code", ""), Measurement.bool("battery_low", false));
        assertThat(healthChanges(stage.findings())).singleElement()
                .satisfies(change -> assertThat(change.health().faulty()).isFalse());
    }

    @Test
    void aWatchedMeasurementIsSampledForTriageAtMostOncePerSamplingInterval() {
        stage.live("wl-1", at(0), level(1.0));
        assertThat(stage.findings()).as("no rule watches water_level yet").isEmpty();
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 5.0, null, null)));

        for (int second = 60; second <= 180; second += 20) {
            stage.live("wl-1", START.plusSeconds(second), level(1.0 + second / 1000.0));
        }

        var samples = stage.findings().stream().filter(Finding.Sample.class::isInstance)
                .map(Finding.Sample.class::cast).toList();
        assertThat(samples).extracting(Finding.Sample::time)
                .containsExactly(START.plusSeconds(60), START.plusSeconds(120), START.plusSeconds(180));
        assertThat(samples).extracting(Finding.Sample::value).containsExactly(1.06, 1.12, 1.18);
    }
}
