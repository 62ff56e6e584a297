package city.urbanops.alerting.routing;

import static city.urbanops.alerting.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Severity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyMatchTest {

    private static final Instant MONDAY_NOON_UTC = Instant.parse("2026-03-30T12:00:00Z");

    private static PolicyMatch windows(TimeWindow... windows) {
        return new PolicyMatch(null, null, null, null, null, List.of(windows));
    }

    @Test
    void minimumSeverityCatchesThatSeverityAndAbove() {
        var match = new PolicyMatch(null, null, Severity.MAJOR, null, null, null);

        assertThat(match.matches(alert("water", "north", Severity.MAJOR, Cause.DEVICE_FAULT), MONDAY_NOON_UTC)).isTrue();
        assertThat(match.matches(alert("water", "north", Severity.CRITICAL, Cause.DEVICE_FAULT), MONDAY_NOON_UTC)).isTrue();
        assertThat(match.matches(alert("water", "north", Severity.WARNING, Cause.DEVICE_FAULT), MONDAY_NOON_UTC)).isFalse();
    }

    @Test
    void severitySetCatchesOnlyTheListedSeverities() {
        var match = new PolicyMatch(null, null, null, Set.of(Severity.INFO, Severity.CRITICAL), null, null);

        assertThat(match.matches(alert("water", "north", Severity.INFO, Cause.INCIDENT), MONDAY_NOON_UTC)).isTrue();
        assertThat(match.matches(alert("water", "north", Severity.MAJOR, Cause.INCIDENT), MONDAY_NOON_UTC)).isFalse();
    }

    @Test
    void everyGivenCriterionMustHold() {
        var match = new PolicyMatch(Set.of("water"), Set.of("north", "east"), null, null, Set.of(Cause.INCIDENT), null);

        assertThat(match.matches(alert("water", "east", Severity.INFO, Cause.INCIDENT), MONDAY_NOON_UTC)).isTrue();
        assertThat(match.matches(alert("transport", "east", Severity.INFO, Cause.INCIDENT), MONDAY_NOON_UTC)).isFalse();
        assertThat(match.matches(alert("water", "south", Severity.INFO, Cause.INCIDENT), MONDAY_NOON_UTC)).isFalse();
        assertThat(match.matches(alert("water", "east", Severity.INFO, Cause.DEVICE_FAULT), MONDAY_NOON_UTC)).isFalse();
        assertThat(match.matches(alert("water", null, Severity.INFO, Cause.INCIDENT), MONDAY_NOON_UTC)).isFalse();
    }

    @Test
    void officeHoursAreReadInTheWindowsZone() {
        // 08:00-18:00 Paris on weekdays; 2026-03-30 is the first Monday of summer time (UTC+2).
        var match = windows(new TimeWindow("Europe/Paris",
                Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
                LocalTime.of(8, 0), LocalTime.of(18, 0)));
        var any = alert("water", "north", Severity.INFO, Cause.INCIDENT);

        assertThat(match.matches(any, Instant.parse("2026-03-30T06:00:00Z"))).as("08:00 Paris").isTrue();
        assertThat(match.matches(any, Instant.parse("2026-03-30T05:59:59Z"))).as("07:59:59 Paris").isFalse();
        assertThat(match.matches(any, Instant.parse("2026-03-30T15:59:59Z"))).as("17:59:59 Paris").isTrue();
        assertThat(match.matches(any, Instant.parse("2026-03-30T16:00:00Z"))).as("18:00 Paris").isFalse();
        assertThat(match.matches(any, Instant.parse("2026-03-28T12:00:00Z"))).as("Saturday").isFalse();
    }

    @Test
    void windowEndingBeforeItStartsSpansMidnightFromItsDay() {
        // Friday 22:00 to Saturday 06:00 in Tokyo (no daylight saving: UTC+9).
        var match = windows(new TimeWindow("Asia/Tokyo", Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0)));
        var any = alert("water", "north", Severity.INFO, Cause.INCIDENT);

        assertThat(match.matches(any, Instant.parse("2026-04-03T13:00:00Z"))).as("Fri 22:00").isTrue();
        assertThat(match.matches(any, Instant.parse("2026-04-03T20:59:00Z"))).as("Sat 05:59").isTrue();
        assertThat(match.matches(any, Instant.parse("2026-04-03T21:00:00Z"))).as("Sat 06:00").isFalse();
        assertThat(match.matches(any, Instant.parse("2026-04-04T13:00:00Z"))).as("Sat 22:00").isFalse();
        assertThat(match.matches(any, Instant.parse("2026-04-02T20:00:00Z"))).as("Fri 05:00").isFalse();
    }

    @Test
    void windowFromMidnightToMidnightIsTheWholeDay() {
        var weekends = windows(new TimeWindow("Europe/Paris", Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        var any = alert("water", "north", Severity.INFO, Cause.INCIDENT);

        assertThat(weekends.matches(any, Instant.parse("2026-03-27T23:00:00Z"))).as("Sat 00:00 CET").isTrue();
        assertThat(weekends.matches(any, Instant.parse("2026-03-29T21:59:59Z"))).as("Sun 23:59:59 CEST").isTrue();
        assertThat(weekends.matches(any, Instant.parse("2026-03-29T22:00:00Z"))).as("Mon 00:00 CEST").isFalse();
        assertThat(weekends.matches(any, Instant.parse("2026-03-27T22:59:59Z"))).as("Fri 23:59:59 CET").isFalse();
    }
}
