package city.urbanops.registry.audit;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.registry.outbox.Outbox;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues a material action for the platform's audit log in the caller's transaction, through the registry's outbox:
 * the change and its {@link AuditEvent} commit together or not at all, and the outbox relay forwards the event to
 * {@code audit.events} (keyed by this service's name) after commit, exactly once per row.
 */
@Component
public class AuditLog {

    /** The {@code source} of every event, and the first part of its id. */
    public static final String SOURCE = "device-registry-service";

    private final Outbox outbox;
    private final JdbcClient jdbc;

    AuditLog(Outbox outbox, JdbcClient jdbc) {
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    /** What was done to what, by whom, in which department and district (either may be null). */
    public record Action(String actor, String action, String targetType, String targetId, String department,
                         String district, Map<String, String> details) {
    }

    /** Queues {@code action}, identified by {@code key}: unique per action in this service (a device and version). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String key, Instant at, Action action) {
        outbox.audit(new AuditEvent(SOURCE + ":" + key, SOURCE, at, action.actor(), action.action(),
                action.targetType(), action.targetId(), action.department(), action.district(), action.details()));
    }

    /**
     * Queues {@code action} where nothing but its place among this service's actions tells it apart (a district
     * renamed twice): the key is {@code <targetType>:<targetId>:<verb>:<n>}, n taken from a sequence in this
     * transaction and carried by every copy the relay sends.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Instant at, Action action) {
        long n = jdbc.sql("select nextval('audit_event_seq')").query(Long.class).single();
        String verb = action.action().substring(action.action().lastIndexOf('.') + 1);
        record(action.targetType() + ":" + action.targetId() + ":" + verb + ":" + n, at, action);
    }
}
