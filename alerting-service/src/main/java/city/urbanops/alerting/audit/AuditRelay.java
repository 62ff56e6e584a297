package city.urbanops.alerting.audit;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries the audit outbox to {@code audit.events}, keyed by this service's name, in outbox order: one round locks the
 * oldest unsent rows (skipping rows another instance is sending), sends them, waits for Kafka's acknowledgement and
 * only then marks them sent, in the same transaction. A crash or a failed send leaves them unsent, and they go again
 * with the same {@code eventId}, which the audit log's writer recognises. Sent rows are removed after a retention.
 */
@Component
class AuditRelay {

    private static final Logger log = LoggerFactory.getLogger(AuditRelay.class);
    private static final URI SOURCE = URI.create("urbanops:" + AuditLog.SOURCE);

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final AuditRelayProperties properties;
    private final Clock clock;
    private final Counter sent;
    private final AtomicLong unsent = new AtomicLong();
    private Instant cleanupDue = Instant.EPOCH;

    AuditRelay(JdbcClient jdbc, KafkaTemplate<String, byte[]> kafka, TransactionTemplate transactions,
               AuditRelayProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.sent = Counter.builder("urbanops.alerting.audit.sent")
                .description("Audit events Kafka acknowledged on audit.events").register(meters);
        Gauge.builder("urbanops.alerting.audit.unsent", unsent, AtomicLong::get)
                .description("Audit events waiting in the outbox").register(meters);
    }

    private record Pending(long id, String eventId, byte[] payload, Instant at) {
    }

    @Scheduled(fixedDelayString = "${urbanops.alerting.audit.poll-interval:500ms}")
    void relay() {
        try {
            int round;
            do {
                round = transactions.execute(status -> sendOneRound());
                sent.increment(round);
            } while (round == properties.batchSize());
            unsent.set(jdbc.sql("select count(*) from audit_outbox where sent_at is null").query(Long.class).single());
            removeSent();
        } catch (RuntimeException failure) {
            log.warn("Relaying audit events failed, they stay in the outbox and are sent again: {}",
                    failure.toString());
        }
    }

    private int sendOneRound() {
        List<Pending> pending = jdbc.sql("select id, event_id, payload, at from audit_outbox where sent_at is null "
                        + "order by id limit ? for update skip locked")
                .param(properties.batchSize())
                .query((rs, n) -> new Pending(rs.getLong("id"), rs.getString("event_id"), rs.getBytes("payload"),
                        rs.getTimestamp("at").toInstant()))
                .list();
        if (pending.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(pending.size());
        for (Pending event : pending) {
            sends.add(kafka.send(CloudEventRecords.toRecord(Topics.AUDIT_EVENTS, AuditLog.SOURCE, EventType.AUDIT,
                    event.eventId(), SOURCE, event.eventId(), event.at(), event.payload())));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying audit events", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " audit events", e);
        }
        jdbc.sql("update audit_outbox set sent_at = ? where id = any(?)")
                .params(Timestamp.from(clock.instant()), pending.stream().map(Pending::id).toArray(Long[]::new))
                .update();
        return pending.size();
    }

    /** Bounded rounds, so a large backlog of old rows never holds the relay up for long. */
    private void removeSent() {
        Instant now = clock.instant();
        if (now.isBefore(cleanupDue)) {
            return;
        }
        cleanupDue = now.plusSeconds(600);
        Timestamp before = Timestamp.from(now.minus(properties.retention()));
        for (int round = 0; round < 20; round++) {
            int removed = jdbc.sql("delete from audit_outbox where id in (select id from audit_outbox "
                    + "where sent_at < ? limit 1000)").param(before).update();
            if (removed < 1000) {
                return;
            }
        }
    }
}
