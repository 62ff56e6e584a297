package city.urbanops.alerting.alert;

import java.util.Optional;
import java.util.UUID;

/**
 * What other features of alerting may do to an alert (the acknowledge link, escalation, notification delivery).
 * Each call runs in (or joins) a transaction and tells the {@link AlertChangeListener}s.
 */
public interface AlertActions {

    Optional<Alert> find(UUID alertId);

    /**
     * Acknowledges an open alert.
     *
     * @throws AlertStateConflict if the alert is already acknowledged or resolved (nothing changes)
     * @throws java.util.NoSuchElementException if there is no such alert
     */
    Alert acknowledge(UUID alertId, String actor, String note);

    /** Appends an ESCALATED or NOTIFICATION entry to the alert's timeline; the alert itself does not change. */
    void record(UUID alertId, AlertChange.Kind kind, String actor, String note);
}
