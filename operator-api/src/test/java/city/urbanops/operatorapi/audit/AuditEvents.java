package city.urbanops.operatorapi.audit;

import city.urbanops.events.audit.AuditEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Audit events for tests, each with ids of its own so tests do not see each other's entries. */
final class AuditEvents {

    private AuditEvents() {
    }

    /** A prefix unique to one test, for its event ids and target ids. */
    static String unique(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static AuditEvent event(String eventId, String targetId) {
        return new AuditEvent(eventId, "it-service", Instant.now(), "supervisor", "rule.enabled", "rule", targetId,
                "water", "north", Map.of("version", "3", "reason", "storm season"));
    }

    static AuditEvent event(String eventId, String targetId, String department, String district) {
        return new AuditEvent(eventId, "it-service", Instant.now(), "supervisor", "rule.enabled", "rule", targetId,
                department, district, Map.of());
    }
}
