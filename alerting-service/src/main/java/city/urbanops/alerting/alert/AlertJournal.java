package city.urbanops.alerting.alert;

import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores one change of an alert: the alert row, its timeline entry, and every {@link AlertChangeListener}'s writes,
 * all in the caller's transaction (it refuses to run outside one), so they commit or roll back together.
 */
@Component
class AlertJournal {

    private final AlertRepository alerts;
    private final ObjectProvider<AlertChangeListener> listeners;

    AlertJournal(AlertRepository alerts, ObjectProvider<AlertChangeListener> listeners) {
        this.alerts = alerts;
        this.listeners = listeners;
    }

    /** Stores a new alert ({@code AlertChange.Kind.OPENED}). */
    AlertChange opened(StoredAlert stored, String actor, Instant at, String note) {
        requireTransaction();
        alerts.insert(stored);
        return tell(stored, AlertChange.Kind.OPENED, actor, at, note);
    }

    /** Stores {@code stored} over its previous version and records {@code kind}. */
    AlertChange changed(StoredAlert stored, AlertChange.Kind kind, String actor, Instant at, String note) {
        requireTransaction();
        alerts.update(stored);
        return tell(stored, kind, actor, at, note);
    }

    private AlertChange tell(StoredAlert stored, AlertChange.Kind kind, String actor, Instant at, String note) {
        alerts.appendTimeline(stored.alert().id(), stored.alert().version(), kind, actor, at, note);
        var change = new AlertChange(stored.alert(), kind, actor, at, note);
        List<AlertChangeListener> all = listeners.orderedStream().toList();
        all.forEach(listener -> listener.onAlertChange(change));
        return change;
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an alert change is stored inside a transaction, with its listeners");
        }
    }
}
