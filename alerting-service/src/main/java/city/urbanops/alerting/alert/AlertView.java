package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An alert as the API shows it: the alert, whom it is assigned to, and the latest condition transition's details. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AlertView(
        UUID id,
        String conditionKey,
        String occurrenceId,
        AlertStatus status,
        AlertEvent.Severity severity,
        AlertEvent.Cause cause,
        String causeExplanation,
        List<AlertEvent.Signal> signals,
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
        Assignee assignee,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        Instant clearedByRuleAt,
        boolean inMaintenance,
        AlertEvent.Evidence evidence,
        int suppressedCount,
        List<String> suppressed,
        String explainedBy,
        AlertEvent.QuarantineProposal proposal,
        long version) {

    record Assignee(AssigneeKind kind, String name) {
    }

    static AlertView of(StoredAlert stored) {
        Alert a = stored.alert();
        AlertEvent latest = a.latest();
        return new AlertView(a.id(), a.conditionKey(), a.occurrenceId(), a.status(), a.severity(), a.cause(),
                a.causeExplanation(), latest.signals(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(),
                a.deviceId(), a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(),
                a.openedAt(), a.lastSeenAt(), a.occurrences(),
                a.assignee() == null ? null : new Assignee(stored.assigneeKind(), a.assignee()),
                a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(), a.resolvedBy(), stored.clearedByRuleAt(),
                a.inMaintenance(), latest.evidence(), latest.suppressedCount(), latest.suppressed(),
                latest.explainedBy(), latest.proposal(), a.version());
    }
}
