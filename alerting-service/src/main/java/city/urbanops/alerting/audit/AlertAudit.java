package city.urbanops.alerting.audit;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertChangeListener;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends what people do to alerts to the audit log, in the change's own transaction: acknowledging (also through a
 * signed link, actor {@code link:<recipient>}), assigning, commenting and resolving. What the service and the rules do
 * by themselves (opening, updating, automatic clears, escalation, notification) is not a person's action and is not
 * sent. The event id is the alert's id and version: one change, one event.
 */
@Component
class AlertAudit implements AlertChangeListener {

    /** Longest excerpt of a comment or note carried in the event: enough to recognise it, not a copy of it. */
    static final int EXCERPT = 200;
    private static final String SERVICE_ACTOR = "alerting";
    private static final String RULES_ACTOR = "rules-service";

    private final AuditLog audit;

    AlertAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void onAlertChange(AlertChange change) {
        String action = switch (change.kind()) {
            case ACKNOWLEDGED -> "alert.acknowledged";
            case ASSIGNED -> "alert.assigned";
            case COMMENTED -> "alert.commented";
            case RESOLVED -> byPerson(change) ? "alert.resolved" : null;
            default -> null;
        };
        if (action == null) {
            return;
        }
        Alert alert = change.alert();
        var details = new LinkedHashMap<String, String>();
        details.put("title", excerpt(alert.title()));
        switch (change.kind()) {
            case ASSIGNED -> details.put("assignee", alert.assignee());
            case COMMENTED -> details.put("excerpt", excerpt(change.note()));
            default -> {
                if (change.note() != null && !change.note().isBlank()) {
                    details.put("note", excerpt(change.note()));
                }
            }
        }
        if (change.actor().startsWith("link:")) {
            details.put("via", "acknowledge link");
        }
        details.values().removeIf(value -> value == null);
        audit.record("alert:" + alert.id() + ":" + alert.version(), change.at(),
                new AuditLog.Action(change.actor(), action, "alert", alert.id().toString(), alert.department(),
                        alert.district(), Map.copyOf(details)));
    }

    private static boolean byPerson(AlertChange change) {
        return !SERVICE_ACTOR.equals(change.actor()) && !RULES_ACTOR.equals(change.actor());
    }

    static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT - 1) + "…";
    }
}
