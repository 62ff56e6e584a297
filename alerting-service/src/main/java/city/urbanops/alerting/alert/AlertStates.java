package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import java.time.Instant;
import java.util.UUID;

/** The alert after each step of its lifecycle, as pure functions of the alert before it; every step is version + 1. */
final class AlertStates {

    private AlertStates() {
    }

    static StoredAlert opened(UUID id, AlertEvent event, Instant now) {
        var alert = new Alert(id, event.conditionKey(), event.alertId(), AlertStatus.OPEN, event.severity(),
                event.cause(), event.causeExplanation(), event.title(), event.recommendedAction(), event.ruleId(),
                event.ruleVersion(), event.deviceId(), event.gatewayId(), event.siteId(), event.department(),
                event.district(), event.latitude(), event.longitude(), now, event.time(), 1, null, null, null, null,
                null, false, event, 1);
        return new StoredAlert(alert, null, now, null);
    }

    /** The latest evidence, cause, severity and place; a repeated raise counts one more occurrence. */
    static StoredAlert updated(StoredAlert stored, AlertEvent event, boolean newOccurrence) {
        Alert a = stored.alert();
        var alert = new Alert(a.id(), a.conditionKey(), event.alertId(), a.status(), event.severity(), event.cause(),
                event.causeExplanation(), event.title(), event.recommendedAction(), event.ruleId(),
                event.ruleVersion(), event.deviceId(), event.gatewayId(), event.siteId(), event.department(),
                event.district(), event.latitude(), event.longitude(), a.openedAt(), later(a.lastSeenAt(), event.time()),
                a.occurrences() + (newOccurrence ? 1 : 0), a.assignee(), a.acknowledgedAt(), a.acknowledgedBy(),
                a.resolvedAt(), a.resolvedBy(), a.inMaintenance(), event, a.version() + 1);
        // A new occurrence means the condition holds again: a clear recorded in manual mode no longer stands.
        return new StoredAlert(alert, stored.assigneeKind(), stored.activeSince(),
                newOccurrence ? null : stored.clearedByRuleAt());
    }

    /** Open again: acknowledgement and resolution are gone, the assignee stays (the same people know it). */
    static StoredAlert reopened(StoredAlert stored, AlertEvent event, Instant now) {
        StoredAlert updated = updated(stored, event, true);
        Alert a = updated.alert();
        var alert = new Alert(a.id(), a.conditionKey(), a.occurrenceId(), AlertStatus.OPEN, a.severity(), a.cause(),
                a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(), a.deviceId(),
                a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(), a.openedAt(),
                a.lastSeenAt(), a.occurrences(), a.assignee(), null, null, null, null, a.inMaintenance(), a.latest(),
                a.version());
        return new StoredAlert(alert, stored.assigneeKind(), now, null);
    }

    /** The rule's clear as the latest transition: its evidence shows why it ended. */
    static StoredAlert cleared(StoredAlert stored, AlertEvent event, Instant now) {
        Alert a = updated(stored, event, false).alert();
        return new StoredAlert(a, stored.assigneeKind(), stored.activeSince(), now);
    }

    static StoredAlert resolved(StoredAlert stored, String actor, Instant now) {
        return resolve(stored, actor, now, stored.alert().version() + 1);
    }

    /** The rule cleared and its clear resolves the alert: the clear's evidence and the resolution, one change. */
    static StoredAlert resolvedByRule(StoredAlert stored, AlertEvent event, String actor, Instant now) {
        return resolve(updated(stored, event, false), actor, now, stored.alert().version() + 1);
    }

    private static StoredAlert resolve(StoredAlert stored, String actor, Instant now, long version) {
        Alert a = stored.alert();
        return stored.with(new Alert(a.id(), a.conditionKey(), a.occurrenceId(), AlertStatus.RESOLVED, a.severity(),
                a.cause(), a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(),
                a.deviceId(), a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(),
                a.openedAt(), a.lastSeenAt(), a.occurrences(), a.assignee(), a.acknowledgedAt(), a.acknowledgedBy(),
                now, actor, a.inMaintenance(), a.latest(), version));
    }

    static StoredAlert acknowledged(StoredAlert stored, String actor, Instant now) {
        Alert a = stored.alert();
        return stored.with(new Alert(a.id(), a.conditionKey(), a.occurrenceId(), AlertStatus.ACKNOWLEDGED,
                a.severity(), a.cause(), a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(),
                a.ruleVersion(), a.deviceId(), a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(),
                a.longitude(), a.openedAt(), a.lastSeenAt(), a.occurrences(), a.assignee(), now, actor, null, null,
                a.inMaintenance(), a.latest(), a.version() + 1));
    }

    static StoredAlert assigned(StoredAlert stored, AssigneeKind kind, String assignee) {
        Alert a = stored.alert();
        var alert = new Alert(a.id(), a.conditionKey(), a.occurrenceId(), a.status(), a.severity(), a.cause(),
                a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(), a.deviceId(),
                a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(), a.openedAt(),
                a.lastSeenAt(), a.occurrences(), assignee, a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(),
                a.resolvedBy(), a.inMaintenance(), a.latest(), a.version() + 1);
        return new StoredAlert(alert, kind, stored.activeSince(), stored.clearedByRuleAt());
    }

    /** A timeline entry of its own (comment, escalation, notification): the alert is as it was, one version on. */
    static StoredAlert touched(StoredAlert stored) {
        return stored.with(copy(stored.alert(), stored.alert().inMaintenance(), stored.alert().version() + 1));
    }

    /** Marks the alert as inside or outside a maintenance window, as part of the step that is being stored. */
    static StoredAlert withMaintenance(StoredAlert stored, boolean inMaintenance) {
        return stored.with(copy(stored.alert(), inMaintenance, stored.alert().version()));
    }

    private static Alert copy(Alert a, boolean inMaintenance, long version) {
        return new Alert(a.id(), a.conditionKey(), a.occurrenceId(), a.status(), a.severity(), a.cause(),
                a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(), a.deviceId(),
                a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(), a.openedAt(),
                a.lastSeenAt(), a.occurrences(), a.assignee(), a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(),
                a.resolvedBy(), inMaintenance, a.latest(), version);
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
