package city.urbanops.alerting.alert;

import java.time.Instant;

/**
 * One stored change of an alert, as the timeline records it and as {@link AlertChangeListener}s receive it inside
 * the transaction that stored it.
 *
 * @param alert  the alert after the change
 * @param actor  who did it: a user name, {@code rules-service} for a condition transition, {@code alerting} for the
 *               service's own acts (escalation, auto-resolve), {@code link:<recipient>} for an acknowledge link
 * @param at     when it was stored (the service clock)
 * @param note   what a person reads on the timeline (a comment's text, the reason, the escalation level)
 */
public record AlertChange(Alert alert, Kind kind, String actor, Instant at, String note) {

    public enum Kind {
        /** First raise of a condition key with no open alert. */
        OPENED,
        /** A repeated raise or an UPDATED transition: new evidence, severity or cause. */
        UPDATED,
        /** Raised again within the flap window after it was resolved: the same alert, open again. */
        REOPENED,
        ACKNOWLEDGED,
        ASSIGNED,
        COMMENTED,
        /** Resolved by a person, or automatically when the rule cleared (actor {@code alerting}). */
        RESOLVED,
        /** The rule cleared while the alert is set to manual resolution: recorded, the alert stays. */
        CLEARED_BY_RULE,
        /** Nobody acknowledged in time: the next escalation level was notified ({@code note} names it). */
        ESCALATED,
        /** A notification was sent, failed for good, or was suppressed by a maintenance window ({@code note} says). */
        NOTIFICATION
    }
}
