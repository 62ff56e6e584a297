package city.urbanops.alerting.alert;

/**
 * Told of every stored alert change, inside the same database transaction: whatever a listener writes (a
 * notification in the outbox, an escalation timer) commits or rolls back with the change itself, so a crash can
 * neither lose it nor send it for a change that was never stored. A listener must not call out of the process.
 */
public interface AlertChangeListener {

    void onAlertChange(AlertChange change);
}
