package city.urbanops.alerting;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.notification.EscalationNotices;
import city.urbanops.alerting.routing.EscalationStep;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records each escalation notice, or refuses one alert's: kept for {@code EscalationIT}, which needs the outbox to fail
 * for one alert only (to prove a failed level is undone and postponed without holding up the others) and to count
 * the notices two racing schedulers write; the real notices cannot be made to fail that way. The real
 * {@code EscalationNotices} is proven with the real store and scheduler in {@code EscalationToPeopleIT}.
 */
public final class RecordingEscalationNotices implements EscalationNotices {

    public record Notice(UUID alertId, EscalationStep step) {
    }

    public final List<Notice> sent = new CopyOnWriteArrayList<>();
    public volatile UUID failingFor;

    @Override
    public void escalate(Alert alert, EscalationStep step) {
        if (alert.id().equals(failingFor)) {
            throw new IllegalStateException("outbox unavailable");
        }
        sent.add(new Notice(alert.id(), step));
    }
}
