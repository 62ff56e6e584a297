package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertChangeListener;
import city.urbanops.alerting.maintenance.MaintenanceWindow;
import city.urbanops.alerting.maintenance.MaintenanceWindows;
import city.urbanops.alerting.routing.Router;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Decides, inside the transaction that stores an alert change, whether people must hear of it, and if so queues
 * it in the outbox: an opened, re-opened or resolved alert, or an update that changes its severity or cause. A new
 * alert joins the collecting group of its route; a later change of an alert already notified goes to that alert's
 * group as an update. An alert in a maintenance window is recorded as suppressed instead.
 */
@Component
class NotificationPlanner implements AlertChangeListener {

    private final OutboxRepository outbox;
    private final Router router;
    private final MaintenanceWindows maintenance;
    private final AlertActions actions;
    private final NotificationMetrics metrics;

    NotificationPlanner(OutboxRepository outbox, Router router, MaintenanceWindows maintenance, AlertActions actions,
                        NotificationMetrics metrics) {
        this.outbox = outbox;
        this.router = router;
        this.maintenance = maintenance;
        this.actions = actions;
        this.metrics = metrics;
    }

    @Override
    public void onAlertChange(AlertChange change) {
        Alert alert = change.alert();
        Optional<OutboxRepository.NotifiedAlert> before = outbox.notified(alert.id());
        UUID notifiedGroup = before.map(OutboxRepository.NotifiedAlert::groupId).orElse(null);
        boolean notable = switch (change.kind()) {
            case OPENED, REOPENED -> true;
            case UPDATED -> before.isEmpty()
                    || !before.get().severity().equals(alert.severity().name())
                    || !before.get().cause().equals(alert.cause().name());
            // Resolution is news only to people who were told of the alert.
            case RESOLVED -> notifiedGroup != null;
            default -> false;
        };
        if (!notable) {
            return;
        }
        Optional<MaintenanceWindow> window = maintenance.covering(alert, change.at());
        if (window.isPresent()) {
            outbox.rememberAlert(alert.id(), notifiedGroup, alert.severity().name(), alert.cause().name());
            actions.record(alert.id(), AlertChange.Kind.NOTIFICATION, "alerting",
                    "suppressed by maintenance window " + window.get().reason());
            metrics.suppressed();
            return;
        }
        UUID group = notifiedGroup != null ? notifiedGroup : outbox.collectingGroup(router.route(alert, change.at()),
                change.at());
        outbox.addItem(group, AlertSummary.of(alert, change.kind(), change.at()));
        outbox.rememberAlert(alert.id(), group, alert.severity().name(), alert.cause().name());
    }
}
