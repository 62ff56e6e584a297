package city.urbanops.alerting.escalation;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertStatus;
import city.urbanops.alerting.maintenance.MaintenanceWindows;
import city.urbanops.alerting.notification.EscalationNotices;
import city.urbanops.alerting.routing.EscalationStep;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.alerting.routing.Route;
import city.urbanops.alerting.routing.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due escalation timers. Each timer is claimed and fired in a transaction of its own: the alert's route is
 * evaluated again at that moment (who is on call now, not when the alert opened), notification writes the level's
 * outbox entries, the timeline records it, and the next level's timer replaces this one; a crash before commit
 * leaves the timer due, so the level fires once; a level that fails to escalate is postponed by {@link #RETRY_DELAY}.
 * An alert in a maintenance window is not escalated: its level falls due again when the window ends. An alert
 * acknowledged or resolved meanwhile stops its escalation.
 */
@Component
public class EscalationScheduler {

    private static final Logger log = LoggerFactory.getLogger(EscalationScheduler.class);
    /** A timer whose firing failed is tried again this much later, so it cannot hold up the others. */
    static final Duration RETRY_DELAY = Duration.ofMinutes(1);

    private final EscalationTimers timers;
    private final AlertActions alerts;
    private final Router router;
    private final EscalationNotices notices;
    private final MaintenanceWindows maintenance;
    private final EscalationMetrics metrics;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;

    EscalationScheduler(EscalationTimers timers, AlertActions alerts, Router router, EscalationNotices notices,
                        MaintenanceWindows maintenance, EscalationMetrics metrics, TransactionTemplate transactions,
                        Clock clock, EscalationProperties properties) {
        this.timers = timers;
        this.alerts = alerts;
        this.router = router;
        this.notices = notices;
        this.maintenance = maintenance;
        this.metrics = metrics;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = properties.batchSize();
    }

    /** Fires the timers due now (up to the batch size); answers how many levels were escalated. */
    public int tick() {
        int escalated = 0;
        for (int i = 0; i < batchSize; i++) {
            var now = clock.instant();
            var outcome = transactions.execute(status -> fireNextDue(status, now));
            if (outcome == Outcome.NOTHING_DUE) {
                break;
            }
            if (outcome == Outcome.ESCALATED) {
                escalated++;
            }
        }
        return escalated;
    }

    private enum Outcome { NOTHING_DUE, ESCALATED, STOPPED, POSTPONED, DEFERRED }

    private Outcome fireNextDue(TransactionStatus status, Instant now) {
        var claimed = timers.claimNextDue(now);
        if (claimed.isEmpty()) {
            return Outcome.NOTHING_DUE;
        }
        var timer = claimed.get();
        // What escalating wrote is undone on failure while the timer stays locked, then postponed: it can neither
        // hold up the timers behind it nor be fired by another instance meanwhile.
        var beforeEscalating = status.createSavepoint();
        try {
            var outcome = fire(timer, now);
            status.releaseSavepoint(beforeEscalating);
            return outcome;
        } catch (RuntimeException e) {
            status.rollbackToSavepoint(beforeEscalating);
            var retryAt = now.plus(RETRY_DELAY);
            log.error("Escalating alert {} to level {} failed; trying again at {}", timer.alertId(), timer.level(),
                    retryAt, e);
            metrics.failed();
            timers.schedule(timer.alertId(), timer.level(), retryAt, timer.policyId(), now);
            return Outcome.POSTPONED;
        }
    }

    private Outcome fire(EscalationTimers.Timer timer, Instant now) {
        var alertId = timer.alertId();
        var level = timer.level();
        var alert = alerts.find(alertId).filter(a -> a.status() == AlertStatus.OPEN);
        if (alert.isEmpty()) {
            timers.cancel(alertId);
            return Outcome.STOPPED;
        }
        var window = maintenance.covering(alert.get(), now);
        if (window.isPresent()) {
            // Notifications are suppressed in maintenance; the level is due again when the window ends, if still open.
            timers.schedule(alertId, level, window.get().endsAt(), timer.policyId(), now);
            return Outcome.DEFERRED;
        }
        var route = router.route(alert.get(), now);
        var step = step(route, level);
        if (step == null) {
            log.info("Alert {}: its route {} has no escalation level {} any more; escalation stops", alertId,
                    route.policyId(), level);
            timers.cancel(alertId);
            return Outcome.STOPPED;
        }
        escalate(alert.get(), route, step);
        var next = step(route, level + 1);
        if (next == null) {
            timers.cancel(alertId);
        } else {
            timers.schedule(alertId, next.level(), now.plus(next.after()), route.policyId(), now);
        }
        return Outcome.ESCALATED;
    }

    private void escalate(Alert alert, Route route, EscalationStep step) {
        notices.escalate(alert, step);
        alerts.record(alert.id(), AlertChange.Kind.ESCALATED, "alerting", note(route, step));
        metrics.escalated(step.level());
    }

    private static EscalationStep step(Route route, int level) {
        return route.escalation().stream().filter(s -> s.level() == level).findFirst().orElse(null);
    }

    /** What the timeline shows: {@code level 2 (policy network-team): Sam Supervisor <sam@...>; webhooks: ops}. */
    static String note(Route route, EscalationStep step) {
        var people = step.recipients().stream().map(Recipient::displayName).collect(Collectors.joining(", "));
        var webhooks = String.join(", ", step.webhookEndpointIds());
        return "level " + step.level() + " (policy " + route.policyId() + "): "
                + (people.isEmpty() ? "nobody on call" : people)
                + (webhooks.isEmpty() ? "" : "; webhooks: " + webhooks);
    }
}
