package city.urbanops.alerting;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertStatus;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Severity;
import java.time.Instant;
import java.util.UUID;

/** Stored alerts for tests of the features that read them (routing, maintenance, escalation). */
public final class TestAlerts {

    private TestAlerts() {
    }

    /** An open alert of the given department, district, severity and cause, on device {@code dev-1} of gateway {@code gw-1} at site {@code site-1}. */
    public static Alert alert(String department, String district, Severity severity, Cause cause) {
        return located(department, district, severity, cause, "dev-1", "gw-1", "site-1");
    }

    public static Alert located(String department, String district, Severity severity, Cause cause, String device,
                                String gateway, String site) {
        var opened = Instant.parse("2026-03-30T06:00:00Z");
        return new Alert(UUID.randomUUID(), "rule-1|" + device, "rule-1|" + device + "@" + opened, AlertStatus.OPEN,
                severity, cause, "explanation", "Title", "Check it", "rule-1", 1, device, gateway, site, department,
                district, 48.85, 2.35, opened, opened, 1, null, null, null, null, null, false, null, 0);
    }

    /** The same alert in another status. */
    public static Alert withStatus(Alert a, AlertStatus status) {
        return new Alert(a.id(), a.conditionKey(), a.occurrenceId(), status, a.severity(), a.cause(),
                a.causeExplanation(), a.title(), a.recommendedAction(), a.ruleId(), a.ruleVersion(), a.deviceId(),
                a.gatewayId(), a.siteId(), a.department(), a.district(), a.latitude(), a.longitude(), a.openedAt(),
                a.lastSeenAt(), a.occurrences(), a.assignee(), a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(),
                a.resolvedBy(), a.inMaintenance(), a.latest(), a.version() + 1);
    }
}
