package city.urbanops.rules.evaluation;

import static city.urbanops.rules.evaluation.DeviceStageHarness.START;
import static city.urbanops.rules.evaluation.DeviceStageHarness.level;
import static city.urbanops.rules.evaluation.DeviceStageHarness.rule;
import static city.urbanops.rules.evaluation.DeviceStageHarness.sensor;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.Condition.Direction;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Replays are not news": a gateway that reconnects after hours replays its buffer (late grace: 2 minutes). */
class DeviceStageReplayTest {

    private static final Condition.Threshold FLOOD = new Condition.Threshold("water_level", Direction.ABOVE, 1.5, 1.2,
            Duration.ofMinutes(5));

    @TempDir
    Path stateDir;

    private DeviceStageHarness stage;

    @BeforeEach
    void startStage() {
        stage = new DeviceStageHarness(RulesSettings.defaults(), stateDir);
        stage.register(sensor("wl-1", "water-level", "north", "water_level"));
        stage.enable(rule("flood", 1, FLOOD));
        stage.findings();
    }

    @AfterEach
    void stopStage() {
        stage.close();
    }

    private static Instant at(int minutes) {
        return START.plus(Duration.ofMinutes(minutes));
    }

    /** The gateway replays readings every 10 minutes from {@code from} to {@code to}, each of {@code metres}. */
    private void replay(int from, int to, double metres) {
        for (int minute = from; minute <= to; minute += 10) {
            stage.pipe(stage.reading("wl-1", at(minute), level(metres)));
        }
    }

    @Test
    void aReplayedConditionThatAlreadyEndedRaisesNothingAtAll() {
        stage.wallClockAt(at(300));

        replay(0, 50, 1.0);
        replay(60, 120, 2.0);
        replay(130, 200, 1.0);
        stage.live("wl-1", at(300), level(1.0));

        assertThat(stage.findings()).filteredOn(Finding.ConditionChange.class::isInstance).isEmpty();
        assertThat(stage.<RuleCondition>store(DeviceStage.CONDITIONS_STORE).get("flood|wl-1")).isNull();
    }

    @Test
    void aReplayedConditionStillOpenIsAnnouncedByTheFirstFreshReadingWithItsOriginalStart() {
        stage.wallClockAt(at(300));

        replay(0, 50, 1.0);
        replay(60, 280, 2.0);
        assertThat(stage.conditions()).as("history, not news, so far").isEmpty();
        stage.live("wl-1", at(300), level(2.0));

        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isTrue();
            assertThat(change.raisedAt()).isEqualTo(at(60));
            assertThat(change.time()).isEqualTo(at(300));
        });
        stage.live("wl-1", at(301), level(2.0));
        assertThat(stage.conditions()).as("announced once").isEmpty();
    }

    @Test
    void anAnnouncedConditionIsClearedEvenByALateReading() {
        stage.live("wl-1", at(0), level(2.0));
        stage.live("wl-1", at(5), level(2.0));
        assertThat(stage.conditions()).singleElement().extracting(Finding.ConditionChange::active).isEqualTo(true);

        stage.wallClockAt(at(300));
        replay(10, 40, 2.0);
        replay(50, 200, 1.0);

        assertThat(stage.conditions()).singleElement().satisfies(change -> {
            assertThat(change.active()).isFalse();
            assertThat(change.time()).isEqualTo(at(50));
            assertThat(change.raisedAt()).isEqualTo(at(0));
        });
    }

    @Test
    void theSameReplayDeliveredTwiceRaisesNothingTwice() {
        stage.wallClockAt(at(300));
        replay(0, 280, 2.0);
        stage.live("wl-1", at(300), level(2.0));
        assertThat(stage.conditions()).hasSize(1);

        replay(0, 280, 2.0);
        stage.pipe(stage.reading("wl-1", at(300), level(2.0)));

        assertThat(stage.conditions()).isEmpty();
    }
}
