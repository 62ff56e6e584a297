package city.urbanops.alerting.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What people (and alerting's other features) do to an alert: acknowledge, assign, comment, resolve, and the
 * timeline entries of escalation and notification. Each act locks the alert, checks that it fits the alert's state
 * ({@link AlertStateConflict} otherwise, nothing changed), and stores the change through {@link AlertJournal}.
 */
@Service
@Transactional
public class AlertLifecycle implements AlertActions {

    private final AlertRepository alerts;
    private final AlertJournal journal;
    private final AlertMetrics metrics;
    private final Clock clock;

    AlertLifecycle(AlertRepository alerts, AlertJournal journal, AlertMetrics metrics, ObjectProvider<Clock> clock) {
        this.alerts = alerts;
        this.journal = journal;
        this.metrics = metrics;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Alert> find(UUID alertId) {
        return alerts.find(alertId).map(StoredAlert::alert);
    }

    @Transactional(readOnly = true)
    Optional<StoredAlert> findStored(UUID alertId) {
        return alerts.find(alertId);
    }

    @Transactional(readOnly = true)
    List<StoredAlert> list(AlertQuery query, int limit) {
        return alerts.list(query, limit);
    }

    @Transactional(readOnly = true)
    List<TimelineEntry> timeline(UUID alertId, long afterSequence, int limit) {
        return alerts.timeline(alertId, afterSequence, limit);
    }

    @Override
    public Alert acknowledge(UUID alertId, String actor, String note) {
        StoredAlert stored = lock(alertId);
        if (stored.alert().status() != AlertStatus.OPEN) {
            throw new AlertStateConflict(stored.alert().status(), "alert " + alertId + " is "
                    + stored.alert().status().name().toLowerCase() + ", only an open alert can be acknowledged");
        }
        Instant now = now();
        StoredAlert acknowledged = AlertStates.acknowledged(stored, actor, now);
        journal.changed(acknowledged, AlertChange.Kind.ACKNOWLEDGED, actor, now, note);
        metrics.acknowledged(stored.alert().severity(), Duration.between(stored.activeSince(), now));
        return acknowledged.alert();
    }

    /** Assigns an open or acknowledged alert to a person or a team. */
    StoredAlert assign(UUID alertId, AssigneeKind kind, String assignee, String actor) {
        StoredAlert stored = lock(alertId);
        refuseIfResolved(stored, "assigned");
        Instant now = now();
        StoredAlert assigned = AlertStates.assigned(stored, kind, assignee);
        journal.changed(assigned, AlertChange.Kind.ASSIGNED, actor, now, kind.name().toLowerCase() + " " + assignee);
        return assigned;
    }

    /** Adds a comment (also on a resolved alert: what was found, after the fact). */
    StoredAlert comment(UUID alertId, String author, String body) {
        StoredAlert stored = lock(alertId);
        Instant now = now();
        alerts.insertComment(UUID.randomUUID(), alertId, author, now, body);
        StoredAlert commented = AlertStates.touched(stored);
        journal.changed(commented, AlertChange.Kind.COMMENTED, author, now, body);
        return commented;
    }

    /** Resolves an open or acknowledged alert. */
    StoredAlert resolve(UUID alertId, String actor, String note) {
        StoredAlert stored = lock(alertId);
        refuseIfResolved(stored, "resolved");
        Instant now = now();
        StoredAlert resolved = AlertStates.resolved(stored, actor, now);
        journal.changed(resolved, AlertChange.Kind.RESOLVED, actor, now, note);
        metrics.resolved(stored.alert().severity(), Duration.between(stored.activeSince(), now));
        return resolved;
    }

    @Override
    public void record(UUID alertId, AlertChange.Kind kind, String actor, String note) {
        if (kind != AlertChange.Kind.ESCALATED && kind != AlertChange.Kind.NOTIFICATION) {
            throw new IllegalArgumentException("only ESCALATED and NOTIFICATION entries are recorded as such, not "
                    + kind);
        }
        StoredAlert stored = lock(alertId);
        journal.changed(AlertStates.touched(stored), kind, actor, now(), note);
    }

    void setResolutionMode(String ruleId, ResolutionMode mode, String actor) {
        alerts.setResolutionMode(ruleId, mode, actor, now());
    }

    private StoredAlert lock(UUID alertId) {
        return alerts.lockById(alertId).orElseThrow(() -> new NoSuchElementException("no alert " + alertId));
    }

    private static void refuseIfResolved(StoredAlert stored, String step) {
        if (stored.alert().status() == AlertStatus.RESOLVED) {
            throw new AlertStateConflict(AlertStatus.RESOLVED, "alert " + stored.alert().id()
                    + " is resolved and cannot be " + step);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
