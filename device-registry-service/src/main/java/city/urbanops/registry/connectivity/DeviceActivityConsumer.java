package city.urbanops.registry.connectivity;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.registry.connectivity.ActivityDeadLetters.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * Reads {@code gateway.status} (decoded) and the four class topics (record key and timestamp only: a reading's value
 * is never decoded here), gathers the latest activity per device in memory ({@link ActivityAggregator}) and writes it
 * every {@code flush-interval} with one upsert ({@link ActivityRepository}); offsets are committed only after the
 * flush, so a crash re-reads what was not yet written. A record it cannot use (a status event that does not decode, a
 * record without a key) goes to {@code registry.dead-letter} with its reason ({@link ActivityDeadLetters}) and the
 * consumer moves on; if Kafka does not take the dead letter, the record is read again. One thread owns the consumer,
 * the map and the flush.
 */
public final class DeviceActivityConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeviceActivityConsumer.class);
    static final List<String> TOPICS = topics();

    private final Map<String, Object> consumerConfig;
    private final ActivityRepository repository;
    private final ConnectivityProperties properties;
    private final Clock clock;
    private final EventJson json = new EventJson();
    private final ActivityAggregator aggregator;
    private final AtomicInteger tracked = new AtomicInteger();
    private final Counter flushed;
    private final Counter failedFlushes;
    private final ActivityDeadLetters deadLetters;
    private volatile boolean running;
    private volatile boolean assigned;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    DeviceActivityConsumer(Map<String, Object> kafkaConfig, ActivityRepository repository,
                           ConnectivityProperties properties, ActivityDeadLetters deadLetters, Clock clock,
                           MeterRegistry meters) {
        var config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts with every gateway's status history, but with new readings only: replaying a week of
        // readings to learn when each device was last seen would cost far more than it tells.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig = config;
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
        this.deadLetters = deadLetters;
        this.aggregator = new ActivityAggregator(properties.maxTrackedDevices());
        Gauge.builder("urbanops.registry.connectivity.tracked", tracked, AtomicInteger::get)
                .description("Devices with activity gathered in memory, not yet flushed").register(meters);
        this.flushed = Counter.builder("urbanops.registry.connectivity.flushes").tag("outcome", "written")
                .description("Flushes of gathered activity into device_activity").register(meters);
        this.failedFlushes = Counter.builder("urbanops.registry.connectivity.flushes").tag("outcome", "failed")
                .description("Flushes of gathered activity into device_activity").register(meters);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = Thread.ofPlatform().name("device-activity").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
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

    /** Whether the group gave this consumer its partitions (and new readings are read from now on). */
    boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS, new FlushOnRevoke());
            Instant nextFlush = clock.instant().plus(properties.flushInterval());
            while (running) {
                var wait = Duration.between(clock.instant(), nextFlush);
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(wait.isNegative() ? Duration.ZERO : wait);
                } catch (WakeupException stopping) {
                    break;
                }
                if (!gatherAll(records)) {
                    pause(properties.retryBackoff());
                }
                tracked.set(aggregator.size());
                if (!clock.instant().isBefore(nextFlush) || aggregator.full()) {
                    flushAndCommit();
                    nextFlush = clock.instant().plus(properties.flushInterval());
                }
            }
            flushAndCommit();
        } catch (RuntimeException e) {
            log.error("Device activity consumer stopped; connectivity is no longer updated", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Gathers a poll's records; false if a dead letter could not be published, in which case that partition is set
     * back to the record, so it is read (and dead-lettered) again rather than committed past.
     */
    private boolean gatherAll(ConsumerRecords<String, byte[]> records) {
        boolean allKept = true;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!gather(record)) {
                    consumer.seek(partition, record.offset());
                    allKept = false;
                    break;
                }
            }
        }
        return allKept;
    }

    /** Gathers one record's activity, or dead-letters it; false only if its dead letter was not published. */
    private boolean gather(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return deadLetters.publish(record, Reason.NO_KEY, "a record without a key names no device");
        }
        // A producer's clock ahead of ours must not keep a device "seen" in the future.
        Instant now = clock.instant();
        if (record.topic().equals(Topics.GATEWAY_STATUS)) {
            GatewayStatusEvent event;
            try {
                event = json.read(record.value(), GatewayStatusEvent.class);
            } catch (RuntimeException unreadable) {
                return deadLetters.publish(record, Reason.UNDECODABLE, "not a GatewayStatusEvent: " + unreadable);
            }
            if (event == null || event.gatewayId() == null || event.connectivity() == null || event.time() == null) {
                return deadLetters.publish(record, Reason.UNDECODABLE,
                        "a GatewayStatusEvent without gatewayId, connectivity or time");
            }
            aggregator.status(event.ingestionInstance() == null ? withInstance(event) : event,
                    event.time().isAfter(now) ? now : event.time());
        } else {
            var at = Instant.ofEpochMilli(record.timestamp());
            aggregator.seen(record.key(), at.isAfter(now) ? now : at);
        }
        return true;
    }

    private void pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static GatewayStatusEvent withInstance(GatewayStatusEvent event) {
        return new GatewayStatusEvent(event.gatewayId(), event.connectivity(), event.cause(), event.detail(),
                "unknown", event.time());
    }

    /** Writes what was gathered, then commits the offsets it came from; true if both happened. */
    private boolean flushAndCommit() {
        if (!aggregator.isEmpty()) {
            try {
                repository.upsert(aggregator.activities(), clock.instant());
                flushed.increment();
            } catch (DataAccessException e) {
                failedFlushes.increment();
                log.warn("Cannot write device activity ({} devices kept in memory, retried): {}", aggregator.size(),
                        e.getMostSpecificCause().toString());
                holdWhileFull();
                return false;
            }
            aggregator.clear();
            tracked.set(0);
        }
        consumer.resume(consumer.paused());
        try {
            consumer.commitSync();
            return true;
        } catch (KafkaException e) {
            // Already written: re-reading these records after a restart writes the same again, nothing more.
            log.warn("Cannot commit device activity offsets; they are re-read after a restart: {}", e.toString());
            return false;
        }
    }

    /** A full map stops reading until a flush succeeds: Kafka keeps the records, memory stays bounded. */
    private void holdWhileFull() {
        if (aggregator.full()) {
            consumer.pause(consumer.assignment());
            pause(properties.retryBackoff());
        }
    }

    private final class FlushOnRevoke implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                flushAndCommit();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            var readings = new HashSet<TopicPartition>();
            for (var partition : partitions) {
                if (!partition.topic().equals(Topics.GATEWAY_STATUS)) {
                    readings.add(partition);
                }
            }
            if (!readings.isEmpty()) {
                startNewReadingPartitionsAtTheEnd(readings);
            }
            assigned = true;
        }

        private void startNewReadingPartitionsAtTheEnd(Set<TopicPartition> readings) {
            var committed = consumer.committed(readings);
            var fresh = new ArrayList<TopicPartition>();
            readings.forEach(p -> {
                if (committed.get(p) == null) {
                    fresh.add(p);
                }
            });
            if (!fresh.isEmpty()) {
                consumer.seekToEnd(fresh);
                fresh.forEach(consumer::position);
            }
        }
    }

    private static List<String> topics() {
        var topics = new ArrayList<String>();
        topics.add(Topics.GATEWAY_STATUS);
        topics.addAll(Topics.CLASS_TOPICS);
        return List.copyOf(topics);
    }
}
