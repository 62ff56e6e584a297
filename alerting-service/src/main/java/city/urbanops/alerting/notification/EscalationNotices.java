package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.routing.EscalationStep;

/**
 * Notification's side of escalation: writes, in the caller's transaction, the outbox entries that tell an
 * escalation level about an alert nobody acknowledged (never grouped: an escalation is sent at once).
 */
public interface EscalationNotices {

    void escalate(Alert alert, EscalationStep step);
}
