package city.urbanops.alerting.alert;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventType;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries the lifecycle outbox to {@code alerts.lifecycle}, keyed by alert id, in outbox order: one round locks the
 * oldest rows (skipping rows another instance is sending), sends them, waits for Kafka's acknowledgement and deletes
 * them in the same transaction. A crash or a failed send leaves the rows, which are sent again with the same
 * {@code ce_id} (alert id and version): consumers keep the highest version per alert.
 */
@Component
class LifecycleRelay {

    private static final Logger log = LoggerFactory.getLogger(LifecycleRelay.class);
    private static final URI SOURCE = URI.create("urbanops:alerting-service");

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final LifecycleRelayProperties properties;
    private final AlertMetrics metrics;

    LifecycleRelay(JdbcClient jdbc, KafkaTemplate<String, byte[]> kafka, TransactionTemplate transactions,
                   LifecycleRelayProperties properties, AlertMetrics metrics) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
    }

    private record Pending(long id, String eventId, UUID alertId, byte[] payload, Instant createdAt) {
    }

    @Scheduled(fixedDelayString = "${urbanops.alerting.lifecycle-events.poll-interval:200ms}")
    void relay() {
        try {
            int sent;
            do {
                sent = transactions.execute(status -> sendOneRound());
            } while (sent == properties.batchSize());
            metrics.outboxSize(jdbc.sql("select count(*) from alert_lifecycle_outbox").query(Long.class).single());
        } catch (RuntimeException failure) {
            log.warn("Relaying lifecycle events failed, they stay in the outbox and are sent again: {}",
                    failure.toString());
        }
    }

    private int sendOneRound() {
        List<Pending> pending = jdbc.sql("select id, event_id, alert_id, payload, created_at from alert_lifecycle_outbox "
                        + "order by id limit ? for update skip locked")
                .param(properties.batchSize())
                .query((rs, n) -> new Pending(rs.getLong("id"), rs.getString("event_id"),
                        rs.getObject("alert_id", UUID.class), rs.getBytes("payload"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        if (pending.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(pending.size());
        for (Pending event : pending) {
            sends.add(kafka.send(CloudEventRecords.toRecord(Topics.ALERTS_LIFECYCLE, event.alertId().toString(),
                    EventType.ALERT_LIFECYCLE, event.eventId(), SOURCE, event.alertId().toString(), event.createdAt(),
                    event.payload())));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying lifecycle events", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " lifecycle events", e);
        }
        jdbc.sql("delete from alert_lifecycle_outbox where id = any(?)")
                .param(pending.stream().mapToLong(Pending::id).boxed().toArray(Long[]::new)).update();
        return pending.size();
    }
}
