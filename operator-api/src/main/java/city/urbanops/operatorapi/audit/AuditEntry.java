package city.urbanops.operatorapi.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the audit log as stored: the action ({@link city.urbanops.events.audit.AuditEvent}'s fields), its
 * place in the chain and the hashes that link it.
 *
 * @param recordedAt when the log chained it (the action's own time is {@code at})
 * @param hash       its own hash, or null before it is computed
 */
public record AuditEntry(
        long seq,
        String eventId,
        String source,
        Instant at,
        Instant recordedAt,
        String actor,
        String action,
        String targetType,
        String targetId,
        String department,
        String district,
        Map<String, String> details,
        String prevHash,
        String hash) {
}
