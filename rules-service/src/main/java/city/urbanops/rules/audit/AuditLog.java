package city.urbanops.rules.audit;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.codec.EventJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues a material action for the platform's audit log in the caller's transaction: the change and its
 * {@link AuditEvent} commit together or not at all, and {@link AuditRelay} sends the event to {@code audit.events}
 * after commit.
 */
@Component
public class AuditLog {

    /** The {@code source} of every event, and the first part of its id. */
    public static final String SOURCE = "rules-service";

    private final JdbcTemplate jdbc;
    private final EventJson json = new EventJson();
    private final AuditRelay relay;

    AuditLog(JdbcTemplate jdbc, AuditRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /** What was done to what, by whom, in which department and district (either may be null). */
    public record Action(String actor, String action, String targetType, String targetId, String department,
                         String district, Map<String, String> details) {
    }

    /**
     * Queues {@code action}, identified by {@code key} (unique per action in this service). Recording the same key
     * twice keeps the first: it is the same action. The relay is nudged once the transaction committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String key, Instant at, Action action) {
        var event = new AuditEvent(SOURCE + ":" + key, SOURCE, at, action.actor(), action.action(),
                action.targetType(), action.targetId(), action.department(), action.district(), action.details());
        jdbc.update("insert into audit_outbox (event_id, payload, at) values (?, ?, ?) "
                + "on conflict (event_id) do nothing",
                event.eventId(), json.write(event), Timestamp.from(at));
        relay.nudgeAfterCommit();
    }
}
