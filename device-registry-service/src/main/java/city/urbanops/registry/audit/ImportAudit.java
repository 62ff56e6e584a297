package city.urbanops.registry.audit;

import city.urbanops.registry.bulkimport.DevicesImported;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends what a bulk import provisioned and changed to the audit log, one event per committed part of the job (not one
 * per device: a file may hold 100,000), in that part's own transaction.
 */
@Component
class ImportAudit {

    private final AuditLog audit;

    ImportAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(DevicesImported imported) {
        audit.record(imported.at(), new AuditLog.Action(imported.actor(), "devices.imported", "import-job",
                imported.jobId().toString(), null, null, Map.of("created", String.valueOf(imported.created()),
                        "updated", String.valueOf(imported.updated()))));
    }
}
