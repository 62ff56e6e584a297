package city.urbanops.operatorapi.audit;

import city.urbanops.events.audit.AuditEvent;

/**
 * Where every feature of operator-api records a material action. Each entry is chained into the tamper-evident audit
 * log in the caller's transaction, so the action and its entry commit (or roll back) together.
 */
public interface AuditTrail {

    /**
     * Chains {@code event} into the log within the current transaction (there must be one). An event whose
     * {@code source} and {@code eventId} are already in the log is a copy and is ignored.
     *
     * @return whether the event was appended (false for a copy)
     */
    boolean record(AuditEvent event);
}
