package city.urbanops.alerting.escalation;

import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertChangeListener;
import city.urbanops.alerting.routing.Router;
import org.springframework.stereotype.Component;

/**
 * Starts and stops an alert's escalation with its lifecycle, in the transaction that stores the change: opened or
 * re-opened → level 1 is due after its policy's first step; acknowledged or resolved → nothing more is due.
 */
@Component
class EscalationTimerListener implements AlertChangeListener {

    private final Router router;
    private final EscalationTimers timers;

    EscalationTimerListener(Router router, EscalationTimers timers) {
        this.router = router;
        this.timers = timers;
    }

    @Override
    public void onAlertChange(AlertChange change) {
        var alert = change.alert();
        switch (change.kind()) {
            case OPENED, REOPENED -> {
                var route = router.route(alert, change.at());
                if (route.escalation().isEmpty()) {
                    timers.cancel(alert.id());
                } else {
                    var first = route.escalation().getFirst();
                    timers.schedule(alert.id(), first.level(), change.at().plus(first.after()), route.policyId(),
                            change.at());
                }
            }
            case ACKNOWLEDGED, RESOLVED -> timers.cancel(alert.id());
            case UPDATED, ASSIGNED, COMMENTED, CLEARED_BY_RULE, ESCALATED, NOTIFICATION -> {
                // The escalation already running goes on as planned.
            }
        }
    }
}
