package city.urbanops.events.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One material action for the audit log, on {@code audit.events} keyed by {@code source}: what a service tells
 * operator-api, the log's one writer, which chains it into the tamper-evident log. {@code eventId} is derived from what
 * the action is (for example {@code device-registry-service:device:aq-1:lifecycle:7}), never random, so a copy is
 * recognised and chained once. Schema: {@code schemas/v1/audit-event.json}.
 *
 * @param eventId    the idempotence key, unique per source
 * @param source     the service that did it (its application name)
 * @param at         when the action took effect
 * @param actor      who did it: a user name, a client id, or the service's own name for its automatic acts
 * @param action     what was done, {@code <thing>.<verb>} in lower case (e.g. {@code alert.acknowledged},
 *                   {@code rule.enabled}, {@code device.quarantined}, {@code command.approved})
 * @param targetType the kind of thing acted on (e.g. {@code alert}, {@code rule}, {@code device}, {@code command})
 * @param targetId   its id
 * @param department the department it belongs to, or null when it belongs to none (a sign-in)
 * @param district   the district, or null
 * @param details    what a reader needs to understand the action (version, reason, old and new value), never a
 *                   secret; may be empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        String eventId,
        String source,
        Instant at,
        String actor,
        String action,
        String targetType,
        String targetId,
        String department,
        String district,
        Map<String, String> details) {

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
