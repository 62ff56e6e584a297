package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertStatus;
import city.urbanops.events.alert.AlertEvent;
import java.time.Instant;
import java.util.UUID;

/** Alerts as the alert store would hold them, for notification tests. */
final class TestAlertsFixture {

    private TestAlertsFixture() {
    }

    static Alert alert(String district, String title, AlertEvent.Severity severity, Instant openedAt) {
        UUID id = UUID.randomUUID();
        return new Alert(id, "flood-level:" + id, "flood-level:" + id + "@" + openedAt, AlertStatus.OPEN, severity,
                AlertEvent.Cause.INCIDENT, "3 sensors in the district agree within 2 minutes", title,
                "Close the underpass and send a pump crew", "flood-level", 3, "flood-" + district + "-1",
                "gw-" + district, "harbour-1", "water", district, 53.5511, 9.9937, openedAt, openedAt, 1, null, null,
                null, null, null, false, null, 1);
    }

    static Alert withStatus(Alert a, AlertStatus status, Instant at, String actor) {
        boolean ack = status == AlertStatus.ACKNOWLEDGED;
        boolean resolved = status == AlertStatus.RESOLVED;
        return new Alert(a.id(), a.conditionKey(), a.occurrenceId(), status, a.severity(), a.cause(),
                a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(), a.deviceId(),
                a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(), a.openedAt(),
                a.lastSeenAt(), a.occurrences(), a.assignee(), ack ? at : a.acknowledgedAt(),
                ack ? actor : a.acknowledgedBy(), resolved ? at : a.resolvedAt(), resolved ? actor : a.resolvedBy(),
                a.inMaintenance(), a.latest(), a.version() + 1);
    }

    static Alert withSeverity(Alert a, AlertEvent.Severity severity) {
        return new Alert(a.id(), a.conditionKey(), a.occurrenceId(), a.status(), severity, a.cause(),
                a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(), a.deviceId(),
                a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(), a.openedAt(),
                a.lastSeenAt(), a.occurrences() + 1, a.assignee(), a.acknowledgedAt(), a.acknowledgedBy(),
                a.resolvedAt(), a.resolvedBy(), a.inMaintenance(), a.latest(), a.version() + 1);
    }
}
