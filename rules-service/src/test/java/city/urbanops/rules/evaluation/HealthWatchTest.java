package city.urbanops.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.events.alert.AlertEvent.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A device's own health, as a pure function of its readings (10 identical readings spanning 30 minutes are stuck). */
class HealthWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private final HealthWatch watch = new HealthWatch(10, Duration.ofMinutes(30), 3);

    /** Feeds {@code count} readings of {@code value}, {@code every} apart, and returns the faults. */
    private Map<String, Signal> feed(String measurement, double value, int count, Duration every) {
        var faults = new TreeMap<String, Signal>();
        var track = DeviceState.Track.empty();
        for (int i = 0; i < count; i++) {
            track = watch.observe(track, new EvidenceReading("d-1", T0.plus(every.multipliedBy(i)), measurement, value,
                    null, null), faults);
        }
        return faults;
    }

    @Test
    void identicalReadingsAreStuckOnlyWhenThereAreEnoughAndTheySpanLongEnough() {
        assertThat(feed("humidity", 55.0, 10, Duration.ofMinutes(4))).as("10 readings over 36 min")
                .containsOnlyKeys("stuck-value/humidity");
        assertThat(feed("humidity", 55.0, 10, Duration.ofMinutes(3))).as("10 readings over 27 min").isEmpty();
        assertThat(feed("humidity", 55.0, 9, Duration.ofMinutes(10))).as("9 readings over 80 min").isEmpty();
    }

    @Test
    void measurementsThatRepeatByNatureAreNeverStuck() {
        assertThat(feed("vehicle_count", 0.0, 100, Duration.ofMinutes(5))).isEmpty();
        assertThat(feed("fill_level", 40.0, 100, Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void aBinEmptiedAtOnceIsNoImpossibleJumpWhileATemperatureLeapIs() {
        assertThat(jump("fill_level", 76.3, 1.4)).as("a bin emptied by the collection round").isEmpty();
        assertThat(jump("dimming", 0.0, 100.0)).as("a lamp switched on").isEmpty();
        assertThat(jump("temperature", 20.0, 145.0)).containsOnlyKeys("impossible-jump/temperature");
    }

    private Map<String, Signal> jump(String measurement, double before, double after) {
        var faults = new TreeMap<String, Signal>();
        var track = watch.observe(DeviceState.Track.empty(), new EvidenceReading("d-1", T0, measurement, before, null,
                null), faults);
        watch.observe(track, new EvidenceReading("d-1", T0.plusSeconds(5), measurement, after, null, null), faults);
        return faults;
    }

    @Test
    void evidenceKeepsTheLatestReadingsOnly() {
        var faults = new TreeMap<String, Signal>();
        var track = DeviceState.Track.empty();
        for (int i = 0; i < 5; i++) {
            track = watch.observe(track, new EvidenceReading("d-1", T0.plusSeconds(i), "noise", 40.0 + i, null, null),
                    faults);
        }

        assertThat(track.recent()).extracting(EvidenceReading::value).containsExactly(42.0, 43.0, 44.0);
    }

    @Test
    void aFaultThatGoesOnKeepsTheDetailItWasFoundWith() {
        var once = feed("water_level", 3.2, 10, Duration.ofMinutes(5));
        var longer = feed("water_level", 3.2, 30, Duration.ofMinutes(5));

        assertThat(longer).isEqualTo(once);
    }
}
