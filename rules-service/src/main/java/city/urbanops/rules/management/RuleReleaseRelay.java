package city.urbanops.rules.management;

import city.urbanops.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends committed {@code rule_release_outbox} rows to the compacted rules topic, keyed by rule id, and marks them sent.
 * At start it first queues the current state of every rule again, so the topic converges even if it was lost.
 *
 * <p>Each round runs in one database transaction holding a transaction-scoped advisory lock, so one replica relays at
 * a time and rows go out in seq order: changes to one rule are serialised by its row lock, so their rows are committed
 * in the order of their seqs, and a rule's records reach its partition in the order of its changes (idempotent
 * producer, acks=all). The rows are marked sent only once Kafka acknowledged every record of the round; a round that
 * fails closes its producer with a grace period while still holding the lock (so nothing of it lands after another
 * round began) and its rows are sent again later. That re-send is harmless: a release is identified by (ruleId,
 * version), and applying the same release twice leaves a consumer where once did.
 */
final class RuleReleaseRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RuleReleaseRelay.class);
    /** "rules" in ASCII, then 01: only this relay takes this advisory lock in the rules database. */
    static final long LOCK_KEY = 0x72756c6573_01L;

    private final RuleReleaseOutbox outbox;
    private final RuleRepository rules;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Map<String, Object> producerConfig;
    private final RulesManagementProperties.Relay settings;
    private final RuleMetrics metrics;
    private final Clock clock;
    private final Semaphore nudges = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Producer<String, byte[]> producer;
    private Instant statsDue = Instant.EPOCH;
    private Instant cleanupDue = Instant.EPOCH;

    RuleReleaseRelay(RuleReleaseOutbox outbox, RuleRepository rules, JdbcTemplate jdbc,
                     TransactionTemplate transactions, Map<String, Object> kafkaConfig,
                     RulesManagementProperties.Relay settings, RuleMetrics metrics, Clock clock) {
        this.outbox = outbox;
        this.rules = rules;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        var config = new HashMap<>(kafkaConfig);
        int timeout = (int) settings.kafkaTimeout().toMillis();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout * 2);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rules-release-relay");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producerConfig = config;
    }

    /** A change committed rows: look now rather than at the next poll. Cheap; callable from any thread. */
    void nudge() {
        nudges.release();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("rules-release-relay").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(settings.kafkaTimeout().multipliedBy(2).toMillis());
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
        boolean requeued = false;
        Duration backoff = Duration.ofMillis(200);
        String failing = null;
        while (running) {
            try {
                if (!requeued) {
                    Integer queued = transactions.execute(status -> outbox.requeueCurrentState(clock.instant()));
                    log.info("Queued the current state of {} rules for the rules topic", queued);
                    requeued = true;
                }
                int sent = relayRound();
                refreshStats(sent > 0);
                removeSent();
                if (failing != null) {
                    log.info("Rule release relay sends again");
                    failing = null;
                }
                backoff = Duration.ofMillis(200);
                if (sent < settings.batchSize()) {
                    awaitNudge(settings.pollInterval());
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (failing == null) {
                    log.warn("Rule release relay cannot send; retrying with back-off: {}{}", e,
                            e.getCause() == null ? "" : " (" + e.getCause() + ")");
                }
                failing = e.toString();
                closeProducer();
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.kafkaTimeout()) > 0 ? settings.kafkaTimeout()
                        : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeProducer();
    }

    /**
     * One batch, sent, acknowledged and marked in one transaction under the relay lock; returns how many rows went.
     * Kafka is awaited inside the transaction on purpose: the lock must be held until every record of the round has
     * landed (or the producer is closed), or another replica could send later rows of the same rule before these.
     */
    private int relayRound() {
        Integer sent = transactions.execute(status -> {
            Boolean mine = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            var rows = outbox.unsent(settings.batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            try {
                var acks = new ArrayList<Future<RecordMetadata>>(rows.size());
                for (var row : rows) {
                    acks.add(producer().send(new ProducerRecord<>(Topics.RULES, row.ruleId(), row.value())));
                }
                long deadline = System.nanoTime() + settings.kafkaTimeout().multipliedBy(3).toNanos();
                for (var ack : acks) {
                    ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException | TimeoutException | RuntimeException failed) {
                // Still under the lock: let whatever this producer has in flight land or expire before another
                // round (here or in another replica) sends these rows again.
                closeProducerGracefully();
                throw new IllegalStateException("sending " + rows.size() + " rule releases failed", failed);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                closeProducerGracefully();
                throw new IllegalStateException("interrupted while sending rule releases", interrupted);
            }
            outbox.markSent(rows, clock.instant());
            return rows.size();
        });
        int count = sent == null ? 0 : sent;
        metrics.sent(count);
        return count;
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        close(Duration.ZERO);
    }

    private void closeProducerGracefully() {
        close(settings.kafkaTimeout().multipliedBy(3));
    }

    /** Forgets the producer first, so a close that throws (an interrupted stop) never leaves a closed one behind. */
    private void close(Duration grace) {
        var closing = producer;
        producer = null;
        if (closing != null) {
            try {
                closing.close(grace);
            } catch (RuntimeException e) {
                log.debug("Closing the rule release producer failed; its resources go with it", e);
            }
        }
    }

    private void refreshStats(boolean force) {
        var now = clock.instant();
        if (force || !now.isBefore(statsDue)) {
            metrics.counted(rules.countEnabled(), outbox.unsentCount());
            statsDue = now.plus(settings.statsInterval());
        }
    }

    private void removeSent() {
        var now = clock.instant();
        if (now.isBefore(cleanupDue)) {
            return;
        }
        cleanupDue = now.plus(Duration.ofMinutes(10));
        // Bounded rounds, so a large backlog of old rows never keeps the relay from relaying for long.
        for (int round = 0; round < 20; round++) {
            if (outbox.deleteSentBefore(now.minus(settings.retention()), 1000) < 1000) {
                return;
            }
        }
    }

    private void awaitNudge(Duration timeout) throws InterruptedException {
        if (nudges.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            nudges.drainPermits();
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
