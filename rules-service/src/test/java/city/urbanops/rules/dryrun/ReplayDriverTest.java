package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.rules.topology.RulesSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplayDriverTest {

    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void aWeekOfWallClockPassesInAbsenceCheckStepsQuickly() {
        try (var driver = new ReplayDriver(RulesSettings.defaults(), START)) {
            long began = System.nanoTime();

            var reached = driver.advanceTo(START.plus(Duration.ofDays(7)), () -> false);

            assertThat(reached).isTrue();
            assertThat(driver.wallClock()).isEqualTo(START.plus(Duration.ofDays(7)));
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aSilenceStopsAtAWholeStepWhenTheTimeIsUp() {
        try (var driver = new ReplayDriver(RulesSettings.defaults(), START)) {
            var looks = new int[1];

            var reached = driver.advanceTo(START.plus(Duration.ofHours(1)), () -> ++looks[0] > 3);

            assertThat(reached).isFalse();
            assertThat(driver.wallClock()).isEqualTo(START.plus(RulesSettings.defaults().absenceCheckEvery()
                    .multipliedBy(3)));
        }
    }

    @Test
    void historyReachesTheTopologysDecoderAtItsRecordTime() {
        try (var driver = new ReplayDriver(RulesSettings.defaults(), START)) {
            driver.replay(new HistoryRecord(Topics.TELEMETRY_FAILURE, 0, 0, START.plusSeconds(5).toEpochMilli(), "d-1",
                    "{broken".getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
            driver.takeAlerts();

            assertThat(driver.undecodable()).isEqualTo(1);
        }
    }

    @Test
    void closingDeletesTheStateDirectory() {
        var driver = new ReplayDriver(RulesSettings.defaults(), START);
        var directory = driver.stateDirectory();

        driver.close();

        assertThat(directory).doesNotExist();
    }
}
