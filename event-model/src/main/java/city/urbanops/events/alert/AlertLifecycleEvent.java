package city.urbanops.events.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One stored change of an alert in alerting-service, on {@code alerts.lifecycle} keyed by {@code alertId}: what the
 * live console shows when a condition opens, updates, re-opens or clears an alert and when a person acknowledges,
 * assigns, comments on or resolves it. Carries the alert as it is after the change, so a console can show it without
 * asking. {@link #eventId()} = {@code alertId:version} names one change; a copy (a relay that re-sends after a crash)
 * repeats it. Schema: {@code schemas/v1/alert-lifecycle-event.json}.
 *
 * @param alertId       alerting's own alert id (a UUID), stable across updates and re-opens
 * @param version       the alert's version after this change: +1 per stored change, so a consumer keeps the highest
 * @param change        what happened
 * @param actor         who did it: a user name, {@code rules-service} for a condition transition, {@code alerting}
 *                      for the service's own acts
 * @param at            when alerting stored the change
 * @param note          what a person reads on the timeline (a comment, a reason); may be null
 * @param occurrenceId  the {@link AlertEvent#alertId()} of the occurrence last raised into the alert
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertLifecycleEvent(
        String alertId,
        long version,
        Change change,
        String actor,
        Instant at,
        String note,
        String conditionKey,
        String occurrenceId,
        Status status,
        AlertEvent.Severity severity,
        AlertEvent.Cause cause,
        String title,
        String ruleId,
        String deviceId,
        String gatewayId,
        String siteId,
        String department,
        String district,
        Instant openedAt,
        Instant lastSeenAt,
        int occurrences,
        String assignee,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        boolean inMaintenance) {

    /** The CloudEvents id: {@code alertId:version}, one per stored change of one alert. */
    public String eventId() {
        return alertId + ":" + version;
    }

    /** Where a person stands with the alert after the change. */
    public enum Status { OPEN, ACKNOWLEDGED, RESOLVED }

    /** What changed; the same vocabulary as alerting's timeline. */
    public enum Change {
        OPENED, UPDATED, REOPENED, ACKNOWLEDGED, ASSIGNED, COMMENTED, RESOLVED, CLEARED_BY_RULE, ESCALATED,
        NOTIFICATION
    }
}
