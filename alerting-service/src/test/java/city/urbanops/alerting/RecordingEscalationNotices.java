package city.urbanops.alerting;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.notification.EscalationNotices;
import city.urbanops.alerting.routing.EscalationStep;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for notification's outbox (another feature's): records each escalation notice, or refuses one alert's. */
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
