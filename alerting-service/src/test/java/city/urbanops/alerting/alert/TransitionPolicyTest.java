package city.urbanops.alerting.alert;

import static city.urbanops.alerting.alert.AlertEvents.next;
import static city.urbanops.alerting.alert.AlertEvents.raised;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.alert.TransitionPolicy.Decision;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TransitionPolicyTest {

    private static final Instant T = Instant.parse("2026-11-30T08:00:00Z");
    private static final Duration FLAP = Duration.ofMinutes(15);
    private static final String KEY = "flood/fl-1";

    private final AlertEvent first = raised(KEY, "flood", "water", "north", T);

    @Test
    void aFirstRaiseOpensAnAlert() {
        assertThat(decide(first, null, null, ResolutionMode.AUTOMATIC, T)).isInstanceOf(Decision.Open.class);
    }

    @Test
    void aRaiseOfANewOccurrenceWhileOpenUpdatesTheOpenAlertAsARepeatedRaise() {
        var open = AlertStates.opened(UUID.randomUUID(), first, T);
        var again = raised(KEY, "flood", "water", "north", T.plusSeconds(60));

        assertThat(decide(again, open, null, ResolutionMode.AUTOMATIC, T.plusSeconds(60)))
                .isEqualTo(new Decision.Update(open, true));
    }

    @Test
    void anUpdateOfTheSameOccurrenceIsNoRepeatedRaise() {
        var open = AlertStates.opened(UUID.randomUUID(), first, T);

        assertThat(decide(next(first, Transition.UPDATED, T.plusSeconds(30), 1.9), open, null,
                ResolutionMode.AUTOMATIC, T)).isEqualTo(new Decision.Update(open, false));
    }

    @Test
    void anOlderRevisionArrivingLateIsStaleAndChangesNothing() {
        var update1 = next(first, Transition.UPDATED, T.plusSeconds(30), 1.9);
        var update2 = next(update1, Transition.UPDATED, T.plusSeconds(60), 2.1);
        var open = AlertStates.updated(AlertStates.opened(UUID.randomUUID(), first, T), update2, false);

        assertThat(decide(update1, open, null, ResolutionMode.AUTOMATIC, T)).isEqualTo(new Decision.Ignore("stale"));
    }

    @Test
    void aClearResolvesWhenTheRuleResolvesAutomatically() {
        var open = AlertStates.opened(UUID.randomUUID(), first, T);

        assertThat(decide(next(first, Transition.CLEARED, T.plusSeconds(90), 1.2), open, null,
                ResolutionMode.AUTOMATIC, T)).isEqualTo(new Decision.Resolve(open));
    }

    @Test
    void aClearIsOnlyRecordedWhenTheRuleResolvesManually() {
        var open = AlertStates.opened(UUID.randomUUID(), first, T);
        var clear = next(first, Transition.CLEARED, T.plusSeconds(90), 1.2);

        assertThat(decide(clear, open, null, ResolutionMode.MANUAL, T)).isEqualTo(new Decision.ClearedByRule(open));
        assertThat(decide(clear, AlertStates.cleared(open, clear, T), null, ResolutionMode.MANUAL, T))
                .isInstanceOf(Decision.Ignore.class);
    }

    @Test
    void theClearOfAnOlderOccurrenceDoesNotCloseTheNewerOne() {
        var newer = raised(KEY, "flood", "water", "north", T.plusSeconds(600));
        var open = AlertStates.updated(AlertStates.opened(UUID.randomUUID(), first, T), newer, true);

        assertThat(decide(next(first, Transition.CLEARED, T.plusSeconds(700), 1.2), open, null,
                ResolutionMode.AUTOMATIC, T)).isEqualTo(new Decision.Ignore("other-occurrence"));
    }

    @Test
    void aRaiseWithinTheFlapWindowAfterResolutionReopensTheSameAlert() {
        var resolved = AlertStates.resolved(AlertStates.opened(UUID.randomUUID(), first, T), "alerting",
                T.plusSeconds(60));
        var again = raised(KEY, "flood", "water", "north", T.plusSeconds(120));

        assertThat(decide(again, null, resolved, ResolutionMode.AUTOMATIC, T.plusSeconds(60).plus(FLAP)))
                .isEqualTo(new Decision.Reopen(resolved));
    }

    @Test
    void aRaiseAfterTheFlapWindowOpensANewAlert() {
        var resolved = AlertStates.resolved(AlertStates.opened(UUID.randomUUID(), first, T), "alerting",
                T.plusSeconds(60));
        var again = raised(KEY, "flood", "water", "north", T.plusSeconds(3600));

        assertThat(decide(again, null, resolved, ResolutionMode.AUTOMATIC,
                T.plusSeconds(61).plus(FLAP))).isInstanceOf(Decision.Open.class);
    }

    @Test
    void aLateUpdateOfAResolvedOccurrenceDoesNotReopenIt() {
        var resolved = AlertStates.resolved(AlertStates.opened(UUID.randomUUID(), first, T), "operator",
                T.plusSeconds(60));

        assertThat(decide(next(first, Transition.UPDATED, T.plusSeconds(90), 2.0), null, resolved,
                ResolutionMode.AUTOMATIC, T.plusSeconds(90))).isEqualTo(new Decision.Ignore("resolved"));
    }

    @Test
    void aClearWithNothingOpenChangesNothing() {
        assertThat(decide(next(first, Transition.CLEARED, T, 1.0), null, null, ResolutionMode.AUTOMATIC, T))
                .isEqualTo(new Decision.Ignore("nothing-open"));
    }

    @Test
    void everyStoredStepMovesTheVersionOnByOneAndReopeningForgetsAcknowledgement() {
        var opened = AlertStates.opened(UUID.randomUUID(), first, T);
        var acknowledged = AlertStates.acknowledged(opened, "technician", T.plusSeconds(10));
        var resolved = AlertStates.resolvedByRule(acknowledged, next(first, Transition.CLEARED, T, 1.2), "alerting",
                T.plusSeconds(20));
        var reopened = AlertStates.reopened(resolved, raised(KEY, "flood", "water", "north", T.plusSeconds(30)),
                T.plusSeconds(30));

        assertThat(opened.alert().version()).isEqualTo(1);
        assertThat(acknowledged.alert().version()).isEqualTo(2);
        assertThat(resolved.alert().version()).isEqualTo(3);
        assertThat(reopened.alert().version()).isEqualTo(4);
        assertThat(reopened.alert().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(reopened.alert().acknowledgedBy()).isNull();
        assertThat(reopened.alert().resolvedAt()).isNull();
        assertThat(reopened.alert().occurrences()).isEqualTo(2);
        assertThat(reopened.activeSince()).isEqualTo(T.plusSeconds(30));
    }

    private static Decision decide(AlertEvent event, StoredAlert open, StoredAlert resolved, ResolutionMode mode,
                                   Instant now) {
        return TransitionPolicy.decide(event, open, resolved, mode, now, FLAP);
    }
}
