package city.urbanops.alerting.audit;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.codec.EventJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues a material action for the platform's audit log in the caller's transaction: the action and its
 * {@link AuditEvent} commit together or not at all, and {@link AuditRelay} sends the event to {@code audit.events}
 * after commit.
 */
@Component
public class AuditLog {

    /** The {@code source} of every event, and the first part of its id. */
    public static final String SOURCE = "alerting-service";

    private final JdbcClient jdbc;
    private final EventJson json;

    AuditLog(JdbcClient jdbc, EventJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What was done to what, by whom, in which department and district (either may be null). */
    public record Action(String actor, String action, String targetType, String targetId, String department,
                         String district, Map<String, String> details) {
    }

    /**
     * Queues {@code action}, identified by {@code key} (unique per action in this service, e.g. the alert's id and
     * version). Recording the same key twice keeps the first: the action is the same one.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String key, Instant at, Action action) {
        var event = new AuditEvent(SOURCE + ":" + key, SOURCE, at, action.actor(), action.action(),
                action.targetType(), action.targetId(), action.department(), action.district(), action.details());
        jdbc.sql("insert into audit_outbox (event_id, payload, at) values (?, ?, ?) on conflict (event_id) do nothing")
                .params(event.eventId(), json.write(event), Timestamp.from(at))
                .update();
    }

    /**
     * Queues {@code action} where nothing but its place in this service's sequence of actions tells it apart (a
     * routing policy saved twice): the key is {@code <targetType>:<targetId>:<verb>:<n>}, n being the outbox row's own
     * number, fixed when the action commits and carried by every copy the relay sends.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Instant at, Action action) {
        long n = jdbc.sql("select nextval(pg_get_serial_sequence('audit_outbox', 'id'))").query(Long.class).single();
        String verb = action.action().substring(action.action().lastIndexOf('.') + 1);
        var event = new AuditEvent(SOURCE + ":" + action.targetType() + ":" + action.targetId() + ":" + verb + ":" + n,
                SOURCE, at, action.actor(), action.action(), action.targetType(), action.targetId(),
                action.department(), action.district(), action.details());
        jdbc.sql("insert into audit_outbox (id, event_id, payload, at) overriding system value values (?, ?, ?, ?)")
                .params(n, event.eventId(), json.write(event), Timestamp.from(at))
                .update();
    }
}
