package city.urbanops.registry.audit;

import city.urbanops.registry.reference.ReferenceDataChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends changes to the reference data (departments, districts, sites, device types) to the audit log, in the change's
 * own transaction: the event is published synchronously, inside it.
 */
@Component
class ReferenceAudit {

    private final AuditLog audit;

    ReferenceAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(ReferenceDataChanged changed) {
        audit.record(changed.at(), new AuditLog.Action(changed.actor(), changed.action(), changed.targetType(),
                changed.targetId(), changed.department(), changed.district(), changed.details()));
    }
}
