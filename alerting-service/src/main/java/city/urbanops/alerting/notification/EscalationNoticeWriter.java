package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.routing.EscalationStep;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Escalation's notices: a group of its own per alert and level, composed into deliveries at once in the caller's
 * transaction (never grouped with other alerts, never held for a group wait).
 */
@Component
class EscalationNoticeWriter implements EscalationNotices {

    private final OutboxRepository outbox;
    private final NotificationComposer composer;
    private final Clock clock;

    EscalationNoticeWriter(OutboxRepository outbox, NotificationComposer composer, Clock clock) {
        this.outbox = outbox;
        this.composer = composer;
        this.clock = clock;
    }

    /** Refuses to run outside a transaction: the notices must commit or roll back with the escalation step. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void escalate(Alert alert, EscalationStep step) {
        Instant now = clock.instant();
        String groupKey = "escalation:" + alert.id() + ":" + step.level();
        String name = "escalation level " + step.level();
        UUID id = outbox.escalationGroup(groupKey, name, step.level(), step.recipients(), step.webhookEndpointIds(),
                now);
        outbox.addItem(id, AlertSummary.of(alert, AlertChange.Kind.ESCALATED, now));
        composer.compose(new NotificationGroup(id, groupKey, NotificationGroup.Kind.ESCALATION, groupKey, name,
                step.level(), step.recipients(), step.webhookEndpointIds(), 0), now);
    }
}
