package city.urbanops.alerting;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertStateConflict;
import city.urbanops.alerting.alert.AlertStatus;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Alerts held in memory, recording the timeline entries asked of them: kept for {@code EscalationIT}, which needs an
 * alert acknowledged without escalation's listener being told (a timer firing after an acknowledgement it has not
 * seen yet); the real store always tells the listeners in the acknowledging transaction, so it cannot give that.
 */
public final class RecordingAlertActions implements AlertActions {

    public record Entry(UUID alertId, AlertChange.Kind kind, String actor, String note) {
    }

    private final Map<UUID, Alert> alerts = new ConcurrentHashMap<>();
    public final List<Entry> timeline = new CopyOnWriteArrayList<>();

    public Alert put(Alert alert) {
        alerts.put(alert.id(), alert);
        return alert;
    }

    @Override
    public Optional<Alert> find(UUID alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    @Override
    public Alert acknowledge(UUID alertId, String actor, String note) {
        var alert = find(alertId).orElseThrow(NoSuchElementException::new);
        if (alert.status() != AlertStatus.OPEN) {
            throw new AlertStateConflict(alert.status(), "not open");
        }
        return put(TestAlerts.withStatus(alert, AlertStatus.ACKNOWLEDGED));
    }

    @Override
    public void record(UUID alertId, AlertChange.Kind kind, String actor, String note) {
        timeline.add(new Entry(alertId, kind, actor, note));
    }
}
