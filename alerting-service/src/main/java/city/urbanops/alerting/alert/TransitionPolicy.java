package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Transition;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what a condition transition does to the alerts of its condition key, as a value: open a new alert, update
 * the open one, re-open the one resolved within the flap window, resolve or mark it cleared, or nothing (and why).
 * Pure: the caller loads the open alert and the latest resolved one of the key, and stores the outcome.
 */
final class TransitionPolicy {

    private TransitionPolicy() {
    }

    /** What to do with an event. */
    sealed interface Decision {
        /** No alert fits: a new one. */
        record Open() implements Decision {
        }

        /** The open alert takes the event; {@code newOccurrence} when it is a repeated raise (counted). */
        record Update(StoredAlert alert, boolean newOccurrence) implements Decision {
        }

        /** Raised again within the flap window after the alert was resolved: the same alert, open again. */
        record Reopen(StoredAlert alert) implements Decision {
        }

        /** The rule cleared and resolves its alert automatically. */
        record Resolve(StoredAlert alert) implements Decision {
        }

        /** The rule cleared, but the alert is resolved by people: recorded, the alert stays. */
        record ClearedByRule(StoredAlert alert) implements Decision {
        }

        /** Nothing to change; {@code reason} says why (for the log and the metric's tag). */
        record Ignore(String reason) implements Decision {
        }
    }

    static Decision decide(AlertEvent event, StoredAlert open, StoredAlert lastResolved, ResolutionMode mode,
                           Instant now, Duration flapWindow) {
        if (event.transition() == Transition.CLEARED) {
            return clear(event, open, mode);
        }
        if (open != null) {
            if (!isNewer(event, open.alert().latest())) {
                return new Decision.Ignore("stale");
            }
            return new Decision.Update(open, !event.alertId().equals(open.alert().occurrenceId()));
        }
        if (lastResolved != null) {
            if (!isNewer(event, lastResolved.alert().latest())
                    || event.alertId().equals(lastResolved.alert().occurrenceId())) {
                // A late transition of the occurrence that is already resolved: a person or the rule closed it.
                return new Decision.Ignore("resolved");
            }
            if (!lastResolved.alert().resolvedAt().isBefore(now.minus(flapWindow))) {
                return new Decision.Reopen(lastResolved);
            }
        }
        return new Decision.Open();
    }

    private static Decision clear(AlertEvent event, StoredAlert open, ResolutionMode mode) {
        if (open == null) {
            return new Decision.Ignore("nothing-open");
        }
        if (!event.alertId().equals(open.alert().occurrenceId())) {
            // The clear of an older occurrence must not close the newer one the alert now follows.
            return new Decision.Ignore("other-occurrence");
        }
        if (!isNewer(event, open.alert().latest())) {
            return new Decision.Ignore("stale");
        }
        if (mode == ResolutionMode.AUTOMATIC) {
            return new Decision.Resolve(open);
        }
        return open.clearedByRuleAt() == null ? new Decision.ClearedByRule(open) : new Decision.Ignore("cleared");
    }

    /**
     * Whether {@code event} is later than the transition an alert last applied: a later revision of the same
     * occurrence, or an occurrence raised later. An older one never overwrites newer evidence.
     */
    static boolean isNewer(AlertEvent event, AlertEvent latest) {
        if (event.alertId().equals(latest.alertId())) {
            return event.revision() > latest.revision();
        }
        return event.raisedAt().isAfter(latest.raisedAt());
    }
}
