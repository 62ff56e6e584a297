package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An alert as alerting stores it: one per open condition key. A repeated raise of the same condition updates it
 * ({@code occurrences}, {@code lastSeenAt}, the latest evidence and cause), a raise within the flap window after it
 * was resolved re-opens it; neither creates a second alert.
 *
 * @param id            alerting's own id (stable across updates and re-opens); the link, API and notification id
 * @param conditionKey  the rules-service condition key (deduplication key)
 * @param occurrenceId  the {@link AlertEvent#alertId()} of the occurrence last raised for it
 * @param occurrences   how many times the condition was raised into this alert (1 + re-opens + repeated raises)
 * @param latest        the latest alert event applied (evidence, signals, suppressed, proposal)
 * @param version       optimistic-locking version, +1 on every stored change
 */
public record Alert(
        UUID id,
        String conditionKey,
        String occurrenceId,
        AlertStatus status,
        AlertEvent.Severity severity,
        AlertEvent.Cause cause,
        String causeExplanation,
        String title,
        String recommendedAction,
        String ruleId,
        Integer ruleVersion,
        String deviceId,
        String gatewayId,
        String siteId,
        String department,
        String district,
        Double latitude,
        Double longitude,
        Instant openedAt,
        Instant lastSeenAt,
        int occurrences,
        String assignee,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        boolean inMaintenance,
        AlertEvent latest,
        long version) {
}
