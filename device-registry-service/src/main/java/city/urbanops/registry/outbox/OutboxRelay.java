package city.urbanops.registry.outbox;

import city.urbanops.events.Topics;
import city.urbanops.registry.outbox.PublishedTail.Relayed;
import city.urbanops.registry.outbox.RelayStatus.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Forwards committed {@code outbox} rows to Kafka, exactly once per row, also across crashes and hand-overs between
 * replicas. One replica relays (it holds {@link RelayLeadership}'s lock); the others wait. The active relay:
 * <ol>
 *   <li>opens a transactional producer with the registry's fixed transactional id: {@code initTransactions()} fences
 *       any producer an earlier relay left behind and aborts its open transaction;</li>
 *   <li>settles the rows an earlier relay claimed but did not mark published, against the last committed record of
 *       each partition ({@link PublishedTail}): each record names its row in {@value OutboxRecords#SEQ_HEADER};</li>
 *   <li>then, batch by batch in seq order: claims the rows (committed), sends them in one Kafka transaction, commits
 *       it, marks the rows published. A new batch is claimed only once the previous one is marked, so at most one
 *       batch is ever in doubt.</li>
 * </ol>
 * Any failure (Kafka or the database unreachable, the producer fenced) closes the producer and starts over from step
 * 1 after a back-off: nothing is skipped or reordered, and nothing is sent before the tail was read again.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final List<String> TOPICS = List.of(Topics.REGISTRY_DEVICES, Topics.REGISTRY_GATEWAY_CREDENTIALS,
            Topics.AUDIT_EVENTS);

    private final OutboxRepository repository;
    private final RelayLeadership leadership;
    private final Map<String, Object> kafkaConfig;
    private final PublishedTail tail;
    private final OutboxRelayProperties properties;
    private final Clock clock;
    private final Counter published;
    private final AtomicReference<RelayStatus> status;
    private volatile boolean running;
    private Thread thread;
    private Instant lastClaim = Instant.EPOCH;
    private Instant statsDue = Instant.EPOCH;
    private Instant cleanupDue = Instant.EPOCH;

    /**
     * @param producerConfig the Kafka client settings for the producer (bootstrap servers, security); the relay sets
     *                       everything its guarantees rest on itself
     * @param consumerConfig the same for the consumer that reads the topics' tail
     */
    OutboxRelay(OutboxRepository repository, RelayLeadership leadership, Map<String, Object> producerConfig,
                Map<String, Object> consumerConfig, OutboxRelayProperties properties, Clock clock,
                MeterRegistry meters) {
        this.repository = repository;
        this.leadership = leadership;
        this.kafkaConfig = new HashMap<>(producerConfig);
        this.tail = new PublishedTail(consumerConfig, properties.kafkaTimeout());
        this.properties = properties;
        this.clock = clock;
        this.status = new AtomicReference<>(RelayStatus.initial(properties.enabled() ? Role.STANDBY : Role.DISABLED));
        this.published = Counter.builder("urbanops.registry.outbox.published")
                .description("Outbox rows published to Kafka by this instance").register(meters);
        Gauge.builder("urbanops.registry.outbox.pending", status, s -> s.get().pending())
                .description("Outbox rows not yet published, as last counted").register(meters);
        Gauge.builder("urbanops.registry.outbox.lag", status, s -> lagSeconds(s.get()))
                .description("Age of the oldest unpublished outbox row").baseUnit("seconds").register(meters);
    }

    /** What the relay last knew about itself. */
    public RelayStatus status() {
        return status.get();
    }

    @Override
    public synchronized void start() {
        if (running || !properties.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
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
        Duration backoff = properties.retryMinBackoff();
        while (running) {
            try {
                if (leadership.tryAcquire()) {
                    relayWhileActive();
                    backoff = properties.retryMinBackoff();
                } else {
                    update(s -> new RelayStatus(Role.STANDBY, s.pending(), s.oldestPending(), null, null));
                    refreshStats(true);
                    pause(properties.standbyInterval());
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                failed(e);
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(properties.retryMaxBackoff()) > 0
                        ? properties.retryMaxBackoff() : backoff.multipliedBy(2);
            }
        }
        leadership.close();
        update(s -> new RelayStatus(Role.STANDBY, s.pending(), s.oldestPending(), null, null));
    }

    private void relayWhileActive() {
        Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new ByteArraySerializer());
        try {
            producer.initTransactions();
            update(s -> new RelayStatus(Role.ACTIVE, s.pending(), s.oldestPending(), s.failingSince(), s.lastFailure()));
            settleClaimed(producer);
            while (running && leadership.held()) {
                refreshStats(false);
                removeExpired();
                var rows = repository.unpublished(properties.batchSize());
                if (rows.isEmpty()) {
                    working();
                    pause(properties.pollInterval());
                    continue;
                }
                repository.claim(rows, nextClaim());
                producer.beginTransaction();
                for (var row : rows) {
                    producer.send(OutboxRecords.toRecord(row, properties.source(), transactionalId()));
                }
                producer.commitTransaction();
                repository.markPublished(rows, clock.instant());
                published.increment(rows.size());
                working();
            }
            if (running) {
                log.warn("Outbox relay lost its lock session; stopping to publish until it holds the lock again");
                update(s -> new RelayStatus(Role.STANDBY, s.pending(), s.oldestPending(), null, null));
            }
        } finally {
            // Never wait for Kafka here: whatever this producer still holds is settled by the next attempt.
            producer.close(Duration.ZERO);
        }
    }

    /**
     * Marks published the claimed rows whose records are on Kafka and releases the others to be sent. Per partition,
     * a relay's records landed in the order it sent them (batches in claim order, rows of a batch in seq order, one
     * transaction per batch), so everything of that partition up to the last committed record is there and nothing
     * after it is.
     */
    private void settleClaimed(Producer<String, byte[]> producer) {
        var claimed = repository.claimedUnpublished();
        if (claimed.isEmpty()) {
            return;
        }
        Map<TopicPartition, Relayed> last = tail.lastRelayed(TOPICS, transactionalId());
        var partitions = new HashMap<String, Integer>();
        var byPartition = new LinkedHashMap<TopicPartition, List<OutboxRow>>();
        for (var row : claimed) {
            int count = partitions.computeIfAbsent(row.topic(), topic -> producer.partitionsFor(topic).size());
            byPartition.computeIfAbsent(new TopicPartition(row.topic(), OutboxRecords.partitionOf(row.key(), count)),
                    p -> new ArrayList<>()).add(row);
        }
        var onKafka = new ArrayList<OutboxRow>();
        var toSend = new ArrayList<OutboxRow>();
        byPartition.forEach((partition, rows) -> {
            rows.sort(Comparator.comparing(OutboxRow::claimedAt).thenComparingLong(OutboxRow::seq));
            int landed = indexOf(rows, last.get(partition));
            onKafka.addAll(rows.subList(0, landed + 1));
            toSend.addAll(rows.subList(landed + 1, rows.size()));
        });
        repository.markPublished(onKafka, clock.instant());
        repository.release(toSend);
        published.increment(onKafka.size());
        log.info("Outbox relay took over: {} claimed rows were already on Kafka (marked published, not sent again), "
                + "{} were not and will be sent", onKafka.size(), toSend.size());
    }

    private static int indexOf(List<OutboxRow> rows, Relayed last) {
        if (last == null) {
            return -1;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).seq() == last.seq() && rows.get(i).eventId().equals(last.eventId())) {
                return i;
            }
        }
        return -1;
    }

    private Map<String, Object> producerConfig() {
        var config = new HashMap<>(kafkaConfig);
        int timeout = (int) properties.kafkaTimeout().toMillis();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout * 3);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + properties.instanceId());
        return config;
    }

    private String transactionalId() {
        var configured = properties.transactionalId();
        return configured == null || configured.isBlank() ? "device-registry-outbox-" + leadership.database()
                : configured;
    }

    /** Claims are the batches' identity: strictly increasing, at the database's microsecond precision. */
    private Instant nextClaim() {
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        lastClaim = now.isAfter(lastClaim) ? now : lastClaim.plus(1, ChronoUnit.MICROS);
        return lastClaim;
    }

    private void refreshStats(boolean force) {
        var now = clock.instant();
        if (force || !now.isBefore(statsDue)) {
            var pending = repository.pending();
            update(s -> new RelayStatus(s.role(), pending.count(), pending.oldest().orElse(null), s.failingSince(),
                    s.lastFailure()));
            statsDue = now.plus(properties.statsInterval());
        }
    }

    private void removeExpired() {
        var now = clock.instant();
        if (now.isBefore(cleanupDue)) {
            return;
        }
        cleanupDue = now.plus(properties.cleanupInterval());
        int removed;
        int total = 0;
        // Bounded rounds, so a huge backlog of expired rows never keeps the relay from relaying for long.
        for (int round = 0; round < 100; round++) {
            removed = repository.deletePublishedBefore(now.minus(properties.retention()), properties.cleanupBatchSize());
            total += removed;
            if (removed < properties.cleanupBatchSize()) {
                break;
            }
        }
        if (total > 0) {
            log.info("Deleted {} outbox rows published more than {} ago", total, properties.retention());
        }
    }

    private void working() {
        if (status.get().failingSince() != null) {
            log.info("Outbox relay publishes again");
        }
        update(s -> new RelayStatus(Role.ACTIVE, s.pending(), s.oldestPending(), null, null));
    }

    private void failed(Exception e) {
        var now = clock.instant();
        var before = status.get();
        update(s -> new RelayStatus(s.role(), s.pending(), s.oldestPending(),
                s.failingSince() == null ? now : s.failingSince(), e.getClass().getName()));
        if (before.failingSince() == null) {
            log.warn("Outbox relay cannot publish; retrying with back-off until it can: {}", e.toString());
        } else {
            log.debug("Outbox relay still cannot publish", e);
        }
        try {
            refreshStats(false);
        } catch (RuntimeException databaseToo) {
            log.debug("Cannot count pending outbox rows either", databaseToo);
        }
    }

    private double lagSeconds(RelayStatus s) {
        return s.oldestPending() == null ? 0
                : Math.max(0, Duration.between(s.oldestPending(), clock.instant()).toMillis() / 1000.0);
    }

    private void update(UnaryOperator<RelayStatus> change) {
        status.updateAndGet(change);
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
