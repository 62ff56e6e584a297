package city.urbanops.rules.evaluation;

import static city.urbanops.rules.evaluation.DeviceStageHarness.START;
import static city.urbanops.rules.evaluation.DeviceStageHarness.level;
import static city.urbanops.rules.evaluation.DeviceStageHarness.rule;
import static city.urbanops.rules.evaluation.DeviceStageHarness.sensor;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.EventClass;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.Condition.Direction;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RuleRef;
import city.urbanops.rules.topology.RulesSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStageTest {

    private static final Condition.Threshold FLOOD = new Condition.Threshold("water_level", Direction.ABOVE, 1.5, 1.2,
            Duration.ofMinutes(5));

    @TempDir
    Path stateDir;

    private DeviceStageHarness stage;

    @BeforeEach
    void startStage() {
        stage = new DeviceStageHarness(RulesSettings.defaults(), stateDir);
        stage.register(sensor("wl-1", "water-level", "north", "water_level"));
    }

    @AfterEach
    void stopStage() {
        stage.close();
    }

    private static Instant at(int minutes) {
        return START.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void thresholdRaisesOnceItHasLastedItsDurationAsOfItsStartAndClearsOnlyPastTheClearLevel() {
        stage.enable(rule("flood", 1, FLOOD));

        stage.live("wl-1", at(1), level(1.6));
        stage.live("wl-1", at(3), level(1.7));
        assertThat(stage.conditions()).as("beyond for 2 of 5 minutes").isEmpty();
        stage.live("wl-1", at(6), level(1.8));
        var raised = stage.conditions();
        assertThat(raised).singleElement().satisfies(change -> {
            assertThat(change.active()).isTrue();
            assertThat(change.conditionKey()).isEqualTo("flood/wl-1");
            assertThat(change.raisedAt()).isEqualTo(at(1));
            assertThat(change.time()).isEqualTo(at(6));
            assertThat(change.rule().version()).isEqualTo(1);
            assertThat(change.device().district()).isEqualTo("north");
            assertThat(change.evidence().condition()).contains("water_level above 1.50 m for at least 5 min");
            assertThat(change.evidence().thresholds()).containsEntry("value", 1.5).containsEntry("clearAt", 1.2);
            assertThat(change.evidence().readings()).extracting(r -> r.value()).containsExactly(1.6, 1.7, 1.8);
            assertThat(change.health().faulty()).isFalse();
        });

        stage.live("wl-1", at(7), level(1.3));
        stage.live("wl-1", at(8), level(1.9));
        assertThat(stage.conditions()).as("between the clear level and the level: still open, no news").isEmpty();

        stage.live("wl-1", at(9), level(1.1));
        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isFalse();
            assertThat(change.raisedAt()).isEqualTo(at(1));
            assertThat(change.time()).isEqualTo(at(9));
        });
    }

    @Test
    void thresholdRunThatEndsBeforeItsDurationRaisesNothing() {
        stage.enable(rule("flood", 1, FLOOD));

        stage.live("wl-1", at(1), level(1.6));
        stage.live("wl-1", at(4), level(1.4));
        stage.live("wl-1", at(5), level(1.6));
        stage.live("wl-1", at(9), level(1.6));

        assertThat(stage.conditions()).as("the run restarted at minute 5").isEmpty();
        stage.live("wl-1", at(10), level(1.6));
        assertThat(stage.conditions()).singleElement().extracting(Finding.ConditionChange::raisedAt)
                .isEqualTo(at(5));
    }

    @Test
    void rateOfChangeRaisesWhenTheValueRisesEnoughWithinItsWindowAndClearsWhenItNoLongerHolds() {
        stage.enable(rule("surge", 1, new Condition.RateOfChange("water_level", Condition.RateOfChange.Trend.RISING,
                0.5, Duration.ofMinutes(10))));

        stage.live("wl-1", at(1), level(1.0));
        stage.live("wl-1", at(5), level(1.3));
        assertThat(stage.conditions()).isEmpty();
        stage.live("wl-1", at(8), level(1.6));
        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(8));
            assertThat(change.evidence().thresholds()).containsEntry("change", 0.5).containsEntry("windowSeconds",
                    600.0);
        });

        stage.live("wl-1", at(9), level(1.55));
        assertThat(stage.conditions()).as("still 0.55 above the window's lowest").isEmpty();
        stage.live("wl-1", at(12), level(1.6));
        assertThat(stage.conditions()).as("1.0 left the window; lowest now 1.3").singleElement()
                .extracting(Finding.ConditionChange::active).isEqualTo(false);
    }

    @Test
    void stateHeldRaisesWhenTheStateLastsItsDurationAndClearsOnAnotherState() {
        stage.register(sensor("door-1", "cabinet", "north", "open"));
        stage.enable(rule("door", 1, new Condition.StateHeld("open", true, Duration.ofMinutes(10))));

        stage.live("door-1", at(1), Measurement.bool("open", true));
        stage.live("door-1", at(10), Measurement.bool("open", true));
        assertThat(stage.conditions()).isEmpty();
        stage.live("door-1", at(11), Measurement.bool("open", true));
        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(1));
            assertThat(change.evidence().readings()).last().extracting(r -> r.booleanValue()).isEqualTo(true);
        });

        stage.live("door-1", at(12), Measurement.bool("open", false));
        assertThat(stage.conditions()).singleElement().extracting(Finding.ConditionChange::active).isEqualTo(false);
    }

    @Test
    void groupCountReportsEachDeviceEnteringAndLeavingTheLevelToTriage() {
        var group = new Condition.GroupCount("water_level", Direction.ABOVE, 1.5, Condition.GroupCount.GroupBy.DISTRICT,
                3, Duration.ofMinutes(10));
        stage.enable(rule("district-flood", 1, group));

        stage.live("wl-1", at(1), level(1.4));
        stage.live("wl-1", at(2), level(1.6));
        stage.live("wl-1", at(3), level(1.7));
        stage.live("wl-1", at(4), level(1.2));

        var members = stage.findings().stream().filter(Finding.GroupMember.class::isInstance)
                .map(Finding.GroupMember.class::cast).toList();
        assertThat(members).extracting(Finding.GroupMember::beyond).containsExactly(true, false);
        assertThat(members).extracting(Finding.GroupMember::time).containsExactly(at(2), at(4));
        assertThat(members.getFirst().condition()).isEqualTo(group);
        assertThat(members.getFirst().district()).isEqualTo("north");
    }

    @Test
    void absenceIsRaisedByTheWallClockWithoutAnyMessageAndClearedByTheNextReading() {
        stage.enable(rule("silent", 1, new Condition.Absence(null, Duration.ofMinutes(10))));
        stage.live("wl-1", at(1), level(1.0));

        stage.advanceWallClock(Duration.ofMinutes(9));
        assertThat(stage.conditions()).isEmpty();
        stage.advanceWallClock(Duration.ofSeconds(65));
        var raised = stage.conditions();
        assertThat(raised).singleElement().satisfies(change -> {
            assertThat(change.active()).isTrue();
            assertThat(change.absence()).isTrue();
            assertThat(change.conditionKey()).isEqualTo("silent/wl-1");
            assertThat(change.raisedAt()).as("the last reading's event time").isEqualTo(at(1));
            assertThat(change.evidence().condition()).isEqualTo("no reading for 10 min");
        });
        stage.advanceWallClock(Duration.ofMinutes(5));
        assertThat(stage.conditions()).as("raised once").isEmpty();

        stage.live("wl-1", at(20), level(1.0));
        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isFalse();
            assertThat(change.absence()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(1));
        });
    }

    @Test
    void absenceIsJudgedOnTheWallClockSoADeviceClockHoursBehindIsNotSilent() {
        stage.enable(rule("silent", 1, new Condition.Absence("water_level", Duration.ofMinutes(10))));

        for (int minute = 1; minute <= 30; minute += 5) {
            stage.wallClockAt(at(minute));
            stage.pipe(stage.reading("wl-1", at(minute).minus(Duration.ofHours(3)), level(1.0)));
        }

        assertThat(stage.conditions()).isEmpty();
    }

    @Test
    void absenceCountingSurvivesARestartOnTheRestoredStores() {
        stage.enable(rule("silent", 1, new Condition.Absence(null, Duration.ofMinutes(10))));
        stage.live("wl-1", at(1), level(1.0));
        stage.advanceWallClock(Duration.ofMinutes(4));

        stage.restart(Duration.ofMinutes(2));
        stage.advanceWallClock(Duration.ofMinutes(3));
        assertThat(stage.conditions()).as("silent 9 minutes of wall clock").isEmpty();
        stage.advanceWallClock(Duration.ofSeconds(65));

        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isTrue();
            assertThat(change.absence()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(1));
        });
    }

    @Test
    void aSilenceWatchedInTheFormerStoreOfItsOwnCarriesOverIntoTheDevicesState() {
        var silent = rule("silent", 1, new Condition.Absence(null, Duration.ofMinutes(10)));
        stage.enable(silent);
        stage.restart(Duration.ofMinutes(1));
        // Restored as a stage that kept its watches apart left them: wl-1 silent since at(1), its absence raised.
        stage.<AbsenceWatch>store(DeviceStage.ABSENCES_STORE).put("silent|wl-1", new AbsenceWatch("wl-1",
                RuleRef.of(silent), at(1), at(1).toEpochMilli(), at(1)));
        stage.advanceWallClock(Duration.ofMinutes(15));
        assertThat(stage.conditions()).as("raised before the move, not again").isEmpty();
        assertThat(stage.store(DeviceStage.ABSENCES_STORE).approximateNumEntries()).as("moved out").isZero();

        stage.live("wl-1", at(40), level(1.0));
        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).as("the reading ends the silence carried over").isFalse();
            assertThat(change.absence()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(1));
        });
        stage.advanceWallClock(Duration.ofMinutes(11));
        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(40));
        });
    }

    @Test
    void aQuarantinedDevicesReadingsAreNotEvaluatedAndItsQuarantineIsToldToTriage() {
        stage.enable(rule("flood", 1, FLOOD));
        stage.live("wl-1", at(1), level(1.6));
        stage.live("wl-1", at(7), level(1.6));
        assertThat(stage.conditions()).singleElement().extracting(Finding.ConditionChange::active).isEqualTo(true);

        var device = sensor("wl-1", "water-level", "north", "water_level");
        stage.register(new DeviceRecord(device.deviceId(), null, device.kind(), device.deviceType(),
                device.gatewayId(), device.lifecycle(), new DeviceRecord.Quarantine("stuck", "supervisor", at(7)),
                device.department(), device.district(), device.siteId(), device.latitude(), device.longitude(),
                device.measurements(), 2, at(7)));
        stage.live("wl-1", at(8), level(1.0));
        stage.live("wl-1", at(20), level(3.0));
        stage.live("wl-1", at(30), level(3.0));

        var findings = stage.findings();
        assertThat(findings).filteredOn(Finding.HealthChange.class::isInstance).singleElement()
                .satisfies(finding -> assertThat(((Finding.HealthChange) finding).quarantined()).isTrue());
        assertThat(findings).filteredOn(Finding.ConditionChange.class::isInstance).singleElement()
                .satisfies(finding -> {
                    var change = (Finding.ConditionChange) finding;
                    assertThat(change.active()).as("its open condition ends with the quarantine").isFalse();
                    assertThat(change.evidence().condition()).contains("quarantined");
                });
        assertThat(findings).filteredOn(Finding.Sample.class::isInstance).isEmpty();
        assertThat(stage.metrics.get("evaluated-quarantined")).isEqualTo(3);

        stage.register(device);
        stage.live("wl-1", at(31), level(1.0));
        assertThat(stage.findings()).filteredOn(Finding.HealthChange.class::isInstance).singleElement()
                .satisfies(finding -> assertThat(((Finding.HealthChange) finding).quarantined()).isFalse());
    }

    @Test
    void aReDeliveredOrOlderReadingChangesNothing() {
        stage.enable(rule("flood", 1, FLOOD));
        var first = stage.reading("wl-1", at(1), level(1.6));
        stage.wallClockAt(at(1));
        stage.pipe(first);
        stage.live("wl-1", at(7), level(1.4));
        stage.findings();

        stage.pipe(first);
        stage.pipe(stage.reading("wl-1", at(6), level(1.9)));
        stage.live("wl-1", at(8), level(1.6));
        stage.live("wl-1", at(12), level(1.6));

        assertThat(stage.conditions()).as("the run restarted at minute 8 and is 4 minutes old").isEmpty();
        assertThat(stage.metrics.get("ignored:not-after-last")).isEqualTo(2);
    }

    @Test
    void aReadingOfADeviceTheRegistryDoesNotKnowIsCountedAndIgnored() {
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 1.5, null, null)));

        stage.live("ghost", at(1), level(9.0));

        assertThat(stage.findings()).isEmpty();
        assertThat(stage.metrics.get("ignored:unknown-device")).isEqualTo(1);
    }

    @Test
    void aMissingOrNonNumericValueIsSkippedAndCountedAndEvaluationGoesOn() {
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 1.5, null, null)));

        stage.live("wl-1", at(1), new Measurement("water_level", "m", null, null, "high"));
        stage.live("wl-1", at(2), new Measurement("water_level", "m", null, null, null));
        stage.live("wl-1", at(3), level(1.6));

        assertThat(stage.metrics.get("unusable:wrong-kind")).isEqualTo(1);
        assertThat(stage.metrics.get("unusable:missing-value")).isEqualTo(1);
        assertThat(stage.conditions()).singleElement().extracting(Finding.ConditionChange::raisedAt)
                .isEqualTo(at(3));
    }

    @Test
    void aDisabledRulesOpenConditionsAreClearedOnTheNextRefresh() {
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 1.5, null, null)));
        stage.live("wl-1", at(1), level(1.6));
        assertThat(stage.conditions()).singleElement().extracting(Finding.ConditionChange::active).isEqualTo(true);

        stage.disable("flood");

        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isFalse();
            assertThat(change.conditionKey()).isEqualTo("flood/wl-1");
            assertThat(change.evidence().condition()).contains("rule flood was disabled");
        });
        assertThat(stage.<RuleCondition>store(DeviceStage.CONDITIONS_STORE).get("flood|wl-1")).isNull();
        stage.live("wl-1", at(2), level(1.9));
        assertThat(stage.conditions()).isEmpty();
    }

    @Test
    void aNewVersionKeepsTheOpenConditionOpenAndJudgesItByItsOwnLevels() {
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 1.5, null, null)));
        stage.live("wl-1", at(1), level(1.6));
        assertThat(stage.conditions()).hasSize(1);

        stage.enable(rule("flood", 2, new Condition.Threshold("water_level", Direction.ABOVE, 2.0, 1.0, null)));
        stage.live("wl-1", at(2), level(1.4));
        assertThat(stage.conditions()).as("1.4 is not past version 2's clear level").isEmpty();
        stage.live("wl-1", at(3), level(0.9));

        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isFalse();
            assertThat(change.rule().version()).isEqualTo(2);
            assertThat(change.raisedAt()).isEqualTo(at(1));
        });
    }

    @Test
    void aNewVersionThatNoLongerCoversTheDeviceEndsItsOpenConditionOnTheRefresh() {
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 1.5, null, null)));
        stage.live("wl-1", at(1), level(1.6));
        assertThat(stage.conditions()).hasSize(1);

        stage.enable(new RuleRelease("flood", 2, new RuleDocument("flood in the south", null, Severity.MAJOR, null,
                new Scope(null, null, List.of("south"), null, null), FLOOD), at(2), "supervisor"));

        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isFalse();
            assertThat(change.rule().version()).isEqualTo(2);
            assertThat(change.evidence().condition()).contains("no longer applies to the device");
        });
    }

    @Test
    void aNewVersionOfAnotherKindEndsTheOpenConditionOnTheRefresh() {
        stage.enable(rule("flood", 1, new Condition.Threshold("water_level", Direction.ABOVE, 1.5, null, null)));
        stage.live("wl-1", at(1), level(1.6));
        assertThat(stage.conditions()).hasSize(1);

        stage.enable(rule("flood", 2, new Condition.RateOfChange("water_level", null, 0.5, Duration.ofMinutes(5))));

        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isFalse();
            assertThat(change.evidence().condition()).contains("another kind of condition");
        });
        stage.live("wl-1", at(2), level(1.6));
        assertThat(stage.conditions()).as("a steady level is no rate of change").isEmpty();
    }

    @Test
    void noSilenceIsRaisedWhileTheStageWorksThroughABacklogOfReadings() {
        stage.register(sensor("wl-2", "water-level", "north", "water_level"));
        stage.enable(rule("silent", 1, new Condition.Absence(null, Duration.ofMinutes(10))));
        stage.live("wl-1", at(1), level(1.0));
        stage.advanceWallClock(Duration.ofMinutes(9).plusSeconds(58));

        var receivedLongAgo = stage.wallClock().minus(Duration.ofMinutes(20));
        stage.pipe(new TelemetryRecord("wl-2", 1, receivedLongAgo, EventClass.ENVIRONMENTAL, "gw-1", receivedLongAgo,
                List.of(level(1.0))));
        stage.advanceWallClock(Duration.ofSeconds(3));
        assertThat(stage.conditions()).as("wl-1's readings may be in the backlog").isEmpty();

        stage.advanceWallClock(Duration.ofSeconds(5));
        assertThat(stage.conditions()).as("nothing processed for a check interval: caught up")
                .singleElement().satisfies(change -> {
                    assertThat(change.conditionKey()).isEqualTo("silent/wl-1");
                    assertThat(change.active()).isTrue();
                });
    }
}
