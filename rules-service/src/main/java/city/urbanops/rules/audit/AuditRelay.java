package city.urbanops.rules.audit;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends committed {@code audit_outbox} rows to {@code audit.events}, keyed by this service's name, and marks them sent
 * once Kafka acknowledged every record of the round (idempotent producer, acks=all). A round locks its rows (skipping
 * rows another replica is sending) for as long as it sends them; a failed or interrupted round leaves them unsent, and
 * they go again with the same {@code eventId}, which the audit log's writer recognises. Sent rows are removed after a
 * retention.
 */
@Component
@EnableConfigurationProperties(AuditRelayProperties.class)
class AuditRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditRelay.class);
    private static final URI SOURCE = URI.create("urbanops:" + AuditLog.SOURCE);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AuditRelayProperties properties;
    private final Clock clock;
    private final HashMap<String, Object> producerConfig;
    private final Counter sent;
    private final AtomicLong unsent = new AtomicLong();
    private final Semaphore nudges = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Producer<String, byte[]> producer;
    private Instant cleanupDue = Instant.EPOCH;

    AuditRelay(JdbcTemplate jdbc, PlatformTransactionManager transactions, KafkaProperties kafka,
               AuditRelayProperties properties, ObjectProvider<Clock> clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        var config = new HashMap<>(kafka.buildProducerProperties());
        int timeout = (int) properties.kafkaTimeout().toMillis();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout * 2);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rules-audit-relay");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producerConfig = config;
        this.sent = Counter.builder("urbanops.rules.audit.sent")
                .description("Audit events Kafka acknowledged on audit.events").register(meters);
        Gauge.builder("urbanops.rules.audit.unsent", unsent, AtomicLong::get)
                .description("Audit events waiting in the outbox").register(meters);
    }

    /** Looks at the outbox as soon as the current transaction committed (or at once outside one). */
    void nudgeAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            nudges.release();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                nudges.release();
            }
        });
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("rules-audit-relay").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(properties.kafkaTimeout().multipliedBy(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        boolean failing = false;
        while (running) {
            try {
                int round = relayRound();
                if (failing) {
                    log.info("Audit relay sends again");
                    failing = false;
                }
                backoff = Duration.ofMillis(200);
                unsent.set(jdbc.queryForObject("select count(*) from audit_outbox where sent_at is null", Long.class));
                removeSent();
                if (round < properties.batchSize() && nudges.tryAcquire(properties.pollInterval().toMillis(),
                        TimeUnit.MILLISECONDS)) {
                    nudges.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!failing) {
                    log.warn("Audit relay cannot send, the events stay in the outbox; retrying with back-off: {}",
                            e.toString());
                }
                failing = true;
                closeProducer();
                try {
                    // A change committed meanwhile ends the pause early: its event is tried at once.
                    nudges.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(properties.kafkaTimeout()) > 0 ? properties.kafkaTimeout()
                        : backoff.multipliedBy(2);
            }
        }
        closeProducer();
    }

    private record Pending(long id, String eventId, byte[] payload, Instant at) {
    }

    private int relayRound() {
        Integer count = transactions.execute(status -> {
            List<Pending> rows = jdbc.query("select id, event_id, payload, at from audit_outbox where sent_at is null "
                    + "order by id limit ? for update skip locked", (rs, n) -> new Pending(rs.getLong("id"),
                    rs.getString("event_id"), rs.getBytes("payload"), rs.getTimestamp("at").toInstant()),
                    properties.batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            try {
                var acks = new ArrayList<Future<RecordMetadata>>(rows.size());
                for (Pending row : rows) {
                    acks.add(producer().send(CloudEventRecords.toRecord(Topics.AUDIT_EVENTS, AuditLog.SOURCE,
                            EventType.AUDIT, row.eventId(), SOURCE, row.eventId(), row.at(), row.payload())));
                }
                long deadline = System.nanoTime() + properties.kafkaTimeout().multipliedBy(3).toNanos();
                for (var ack : acks) {
                    ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending audit events", interrupted);
            } catch (Exception failed) {
                throw new IllegalStateException("Kafka did not acknowledge " + rows.size() + " audit events", failed);
            }
            jdbc.update("update audit_outbox set sent_at = ? where id = any(?)", Timestamp.from(clock.instant()),
                    rows.stream().map(Pending::id).toArray(Long[]::new));
            return rows.size();
        });
        int round = count == null ? 0 : count;
        sent.increment(round);
        return round;
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        var closing = producer;
        producer = null;
        if (closing != null) {
            try {
                closing.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("Closing the audit producer failed; its resources go with it", e);
            }
        }
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
            if (jdbc.update("delete from audit_outbox where id in (select id from audit_outbox where sent_at < ? "
                    + "limit 1000)", before) < 1000) {
                return;
            }
        }
    }
}
