package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.rules.dryrun.DryRunResult.ConditionCount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the alerts of a replay become counts per day, counts by cause and a comparison of two versions. */
class DryRunResultTest {

    private static final Instant DAY_ONE = Instant.parse("2026-11-20T23:59:00Z");
    private static final Instant DAY_TWO = Instant.parse("2026-11-21T00:01:00Z");

    @Test
    void raisedAlertsAreCountedPerUtcDayOfTheirRaisedAt() {
        var tally = new VersionTally(3, 100);

        tally.add(alert("flood/a", Transition.RAISED, 0, DAY_ONE, DAY_ONE, Cause.INCIDENT));
        tally.add(alert("flood/a", Transition.CLEARED, 1, DAY_ONE, DAY_TWO, Cause.INCIDENT));
        tally.add(alert("flood/b", Transition.RAISED, 0, DAY_TWO, DAY_TWO, Cause.INCIDENT));
        tally.add(alert("flood/c", Transition.RAISED, 0, DAY_TWO, DAY_TWO, Cause.DEVICE_FAULT));

        var result = tally.result(0);
        assertThat(result.version()).isEqualTo(3);
        assertThat(result.raisedPerDay()).containsExactly(
                Map.entry(LocalDate.parse("2026-11-20"), 1L), Map.entry(LocalDate.parse("2026-11-21"), 2L));
        assertThat(result.transitions()).isEqualTo(4);
    }

    @Test
    void anOccurrenceCountsUnderTheCauseTriageGaveItLast() {
        var tally = new VersionTally(1, 100);

        tally.add(alert("flood/a", Transition.RAISED, 0, DAY_ONE, DAY_ONE, Cause.DEVICE_FAULT));
        tally.add(alert("flood/a", Transition.UPDATED, 1, DAY_ONE, DAY_TWO, Cause.INCIDENT));
        tally.add(alert("flood/b", Transition.RAISED, 0, DAY_ONE, DAY_ONE, Cause.DEVICE_FAULT));

        assertThat(tally.result(0).raisedByCause())
                .containsExactlyInAnyOrderEntriesOf(Map.of(Cause.INCIDENT, 1L, Cause.DEVICE_FAULT, 1L));
    }

    @Test
    void alertsBeyondTheListingBoundAreCountedNotListed() {
        var tally = new VersionTally(1, 2);

        for (int i = 0; i < 5; i++) {
            tally.add(alert("flood/" + i, Transition.RAISED, 0, DAY_ONE, DAY_ONE, Cause.INCIDENT));
        }

        var result = tally.result(0);
        assertThat(result.alerts()).extracting(DryRunResult.DryRunAlert::conditionKey)
                .containsExactly("flood/0", "flood/1");
        assertThat(result.transitions()).isEqualTo(5);
        assertThat(result.alertsOmitted()).isEqualTo(3);
        assertThat(result.raisedPerDay()).containsEntry(LocalDate.parse("2026-11-20"), 5L);
    }

    @Test
    void conditionsAreSortedIntoOnlyCandidateOnlyEnabledAndBoth() {
        var candidate = Map.of("flood/a", 2L, "flood/b", 1L);
        var enabled = Map.of("flood/b", 3L, "flood/c", 1L);

        var comparison = Comparisons.of(candidate, enabled, 100);

        assertThat(comparison.onlyCandidate()).containsExactly(new ConditionCount("flood/a", 2, 0));
        assertThat(comparison.onlyEnabled()).containsExactly(new ConditionCount("flood/c", 0, 1));
        assertThat(comparison.both()).containsExactly(new ConditionCount("flood/b", 1, 3));
        assertThat(comparison.onlyCandidateCount()).isEqualTo(1);
        assertThat(comparison.onlyEnabledCount()).isEqualTo(1);
        assertThat(comparison.bothCount()).isEqualTo(1);
    }

    @Test
    void withoutAnEnabledVersionEveryConditionIsTheCandidatesOnly() {
        var comparison = Comparisons.of(Map.of("flood/a", 1L, "flood/b", 1L), Map.of(), 1);

        assertThat(comparison.onlyCandidateCount()).isEqualTo(2);
        assertThat(comparison.onlyCandidate()).containsExactly(new ConditionCount("flood/a", 1, 0));
        assertThat(comparison.onlyEnabled()).isEmpty();
        assertThat(comparison.both()).isEmpty();
    }

    @Test
    void aListedAlertCarriesWhatAPersonNeedsToJudgeIt() {
        var tally = new VersionTally(1, 10);

        tally.add(alert("flood/a", Transition.RAISED, 0, DAY_ONE, DAY_ONE, Cause.INCIDENT));

        var listed = tally.result(0).alerts().getFirst();
        assertThat(listed.alertId()).isEqualTo(AlertEvent.alertIdOf("flood/a", DAY_ONE));
        assertThat(listed.transition()).isEqualTo(Transition.RAISED);
        assertThat(listed.raisedAt()).isEqualTo(DAY_ONE);
        assertThat(listed.cause()).isEqualTo(Cause.INCIDENT);
        assertThat(listed.causeExplanation()).isEqualTo("because flood/a");
        assertThat(listed.severity()).isEqualTo(AlertEvent.Severity.MAJOR);
        assertThat(listed.deviceId()).isEqualTo("a");
        assertThat(listed.gatewayId()).isEqualTo("gw-1");
        assertThat(listed.district()).isEqualTo("north");
    }

    private static AlertEvent alert(String conditionKey, Transition transition, int revision, Instant raisedAt,
                                    Instant time, Cause cause) {
        return new AlertEvent(AlertEvent.alertIdOf(conditionKey, raisedAt), conditionKey, transition, revision,
                AlertEvent.Severity.MAJOR, cause, "because " + conditionKey, null, "Flood", "Check", "flood", 1,
                conditionKey.substring(conditionKey.indexOf('/') + 1), "gw-1", null, "water", "north", null, null,
                raisedAt, time, null, null, 0, null, null);
    }
}
