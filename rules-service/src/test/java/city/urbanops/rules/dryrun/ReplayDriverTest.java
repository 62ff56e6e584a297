package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.rules.topology.RulesSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplayDriverTest {

    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    private static final Path STATE = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void theWallClockCrossesASilenceInAbsenceCheckStepsToTheExactTime() {
        try (var driver = new ReplayDriver(RulesSettings.defaults(), START, STATE)) {
            var looks = new int[1];
            var target = START.plus(Duration.ofMinutes(10)).plusMillis(1_234);

            var reached = driver.advanceTo(target, () -> ++looks[0] < 0);

            assertThat(reached).isTrue();
            assertThat(driver.wallClock()).isEqualTo(target);
            assertThat(looks[0]).as("one look at the time limit per whole step")
                    .isEqualTo((int) (Duration.ofMinutes(10).toSeconds()
                            / RulesSettings.defaults().absenceCheckEvery().toSeconds()));
        }
    }

    @Test
    void theWallClockNeverGoesBack() {
        try (var driver = new ReplayDriver(RulesSettings.defaults(), START, STATE)) {
            driver.advanceTo(START.plusSeconds(60), () -> false);

            driver.advanceTo(START.plusSeconds(30), () -> false);

            assertThat(driver.wallClock()).isEqualTo(START.plusSeconds(60));
        }
    }

    @Test
    void aSilenceStopsAtAWholeStepWhenTheTimeIsUp() {
        try (var driver = new ReplayDriver(RulesSettings.defaults(), START, STATE)) {
            var looks = new int[1];

            var reached = driver.advanceTo(START.plus(Duration.ofHours(1)), () -> ++looks[0] > 3);

            assertThat(reached).isFalse();
            assertThat(driver.wallClock()).isEqualTo(START.plus(RulesSettings.defaults().absenceCheckEvery()
                    .multipliedBy(3)));
        }
    }

    @Test
    void historyReachesTheTopologysDecoderAtItsRecordTime() {
        try (var driver = new ReplayDriver(RulesSettings.defaults(), START, STATE)) {
            driver.replay(new HistoryRecord(Topics.TELEMETRY_FAILURE, 0, 0, START.plusSeconds(5).toEpochMilli(), "d-1",
                    "{broken".getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
            driver.takeAlerts();

            assertThat(driver.undecodable()).isEqualTo(1);
        }
    }

    @Test
    void closingDeletesTheStateDirectory() {
        var driver = new ReplayDriver(RulesSettings.defaults(), START, STATE);
        var directory = driver.stateDirectory();

        driver.close();

        assertThat(directory).doesNotExist();
    }
}
