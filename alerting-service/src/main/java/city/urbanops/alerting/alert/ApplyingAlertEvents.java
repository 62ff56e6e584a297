package city.urbanops.alerting.alert;

import city.urbanops.alerting.alert.TransitionPolicy.Decision;
import city.urbanops.alerting.maintenance.MaintenanceWindows;
import city.urbanops.events.alert.AlertEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one condition transition from {@code alerts} to the alert store, in one transaction: the event id is
 * recorded (a copy changes nothing), the key's open alert (or the one resolved last) is locked, and
 * {@link TransitionPolicy} decides. Two instances raising the same key at once cannot both open an alert: the
 * partial unique index refuses the second insert, and the loser applies its event again, now as an update.
 */
@Component
class ApplyingAlertEvents {

    /** The actor of every change a condition transition makes. */
    static final String RULES = "rules-service";
    /** The actor of alerting's own acts (auto-resolve). */
    static final String ALERTING = "alerting";

    private static final Logger log = LoggerFactory.getLogger(ApplyingAlertEvents.class);

    /** What applying an event did. */
    enum Outcome { OPENED, UPDATED, DEDUPLICATED, REOPENED, RESOLVED, CLEARED_BY_RULE, DUPLICATE, IGNORED }

    private final AlertRepository alerts;
    private final AlertJournal journal;
    private final AlertMetrics metrics;
    private final TransactionTemplate transactions;
    private final ObjectProvider<MaintenanceWindows> maintenance;
    private final LifecycleProperties properties;
    private final Clock clock;

    ApplyingAlertEvents(AlertRepository alerts, AlertJournal journal, AlertMetrics metrics,
                        TransactionTemplate transactions, ObjectProvider<MaintenanceWindows> maintenance,
                        LifecycleProperties properties, ObjectProvider<Clock> clock) {
        this.alerts = alerts;
        this.journal = journal;
        this.metrics = metrics;
        this.transactions = transactions;
        this.maintenance = maintenance;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    Outcome apply(AlertEvent event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> applyOnce(event));
            } catch (DuplicateKeyException | OptimisticLockingFailureException lostRace) {
                if (attempt >= properties.conflictRetries()) {
                    throw lostRace;
                }
                log.debug("Event {} lost a race for {} (attempt {}), applying it again", event.eventId(),
                        event.conditionKey(), attempt);
            }
        }
    }

    private Outcome applyOnce(AlertEvent event) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!alerts.markProcessed(event.eventId(), now)) {
            metrics.duplicate();
            return Outcome.DUPLICATE;
        }
        StoredAlert open = alerts.lockOpen(event.conditionKey()).orElse(null);
        StoredAlert lastResolved = open == null ? alerts.lockLastResolved(event.conditionKey()).orElse(null) : null;
        ResolutionMode mode = alerts.resolutionMode(event.ruleId());
        Decision decision = TransitionPolicy.decide(event, open, lastResolved, mode, now, properties.flapWindow());
        return switch (decision) {
            case Decision.Open ignored -> {
                journal.opened(inMaintenance(AlertStates.opened(UUID.randomUUID(), event, now), now), RULES, now,
                        event.causeExplanation());
                metrics.opened();
                yield Outcome.OPENED;
            }
            case Decision.Update(StoredAlert alert, boolean newOccurrence) -> {
                journal.changed(inMaintenance(AlertStates.updated(alert, event, newOccurrence), now),
                        AlertChange.Kind.UPDATED, RULES, now, newOccurrence ? "raised again" : event.causeExplanation());
                if (newOccurrence) {
                    metrics.deduplicated();
                    yield Outcome.DEDUPLICATED;
                }
                yield Outcome.UPDATED;
            }
            case Decision.Reopen(StoredAlert alert) -> {
                long afterSeconds = Duration.between(alert.alert().resolvedAt(), now).toSeconds();
                journal.changed(inMaintenance(AlertStates.reopened(alert, event, now), now),
                        AlertChange.Kind.REOPENED, RULES, now, "raised again " + afterSeconds + " s after it was resolved");
                metrics.reopened();
                yield Outcome.REOPENED;
            }
            case Decision.Resolve(StoredAlert alert) -> {
                StoredAlert resolved = AlertStates.resolvedByRule(alert, event, ALERTING, now);
                journal.changed(resolved, AlertChange.Kind.RESOLVED, ALERTING, now, "the rule cleared");
                metrics.resolved(resolved.alert().severity(), Duration.between(alert.activeSince(), now));
                yield Outcome.RESOLVED;
            }
            case Decision.ClearedByRule(StoredAlert alert) -> {
                journal.changed(AlertStates.cleared(alert, event, now), AlertChange.Kind.CLEARED_BY_RULE, RULES, now,
                        "the rule cleared; resolution is manual for rule " + event.ruleId());
                yield Outcome.CLEARED_BY_RULE;
            }
            case Decision.Ignore(String reason) -> {
                metrics.ignored(reason);
                log.debug("Event {} changes nothing: {}", event.eventId(), reason);
                yield Outcome.IGNORED;
            }
        };
    }

    private StoredAlert inMaintenance(StoredAlert stored, Instant now) {
        MaintenanceWindows windows = maintenance.getIfAvailable();
        return windows == null ? stored
                : AlertStates.withMaintenance(stored, windows.covering(stored.alert(), now).isPresent());
    }
}
