package city.urbanops.telemetry.directory;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.telemetry.config.TelemetryProperties;
import city.urbanops.telemetry.directory.RegistryUpdate.SkipReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Feeds the {@link DeviceDirectory} from the compacted {@code registry.devices} topic. Every instance needs every
 * device, so the reader assigns itself every partition of the topic (no group membership, so no rebalance ever splits
 * the topic between instances), reads each from its beginning on every start and never commits an offset: the topic
 * alone rebuilds the directory. Its group id is nonetheless fixed ({@code urbanops.telemetry.directory.group-id}), the
 * same for every instance and start, so that ACLs, quotas and monitoring can name it.
 * <p>
 * Failures are bounded by kind. A record that cannot mean anything (no key, not a {@code DeviceRecord}, a key that
 * disagrees with its device id) is skipped and counted once: its bytes will not change. Kafka failing (unreachable,
 * timeouts) is retried with backoff for as long as it lasts, and loses nothing: the position moves only past records
 * that were handed to the directory. A start-up catch-up ({@link CatchUp}) drives readiness.
 */
@Component
class DeviceDirectoryReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeviceDirectoryReader.class);
    private static final String TOPIC = Topics.REGISTRY_DEVICES;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final ConsumerFactory<String, byte[]> consumers;
    private final DeviceDirectory directory;
    private final TelemetryProperties.Directory settings;
    private final Clock clock;
    private final String clientIdSuffix;
    private final EventJson json = new EventJson();
    private final CatchUp catchUp = new CatchUp();
    private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
    private final Counter readFailures;

    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private Thread thread;

    @Autowired
    DeviceDirectoryReader(ConsumerFactory<String, byte[]> consumers, DeviceDirectory directory,
                          TelemetryProperties properties, Clock clock, MeterRegistry meters) {
        this(consumers, directory, properties.directory(), clock, meters, "");
    }

    /** A reader of its own: {@code clientIdSuffix} tells its Kafka client apart from another reader's in one JVM. */
    DeviceDirectoryReader(ConsumerFactory<String, byte[]> consumers, DeviceDirectory directory,
                          TelemetryProperties.Directory settings, Clock clock, MeterRegistry meters,
                          String clientIdSuffix) {
        this.consumers = consumers;
        this.directory = directory;
        this.settings = settings;
        this.clock = clock;
        this.clientIdSuffix = clientIdSuffix;
        Gauge.builder("urbanops.telemetry.directory.devices", directory, DeviceDirectory::size)
                .description("Devices known to the scope directory").register(meters);
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, Counter.builder("urbanops.telemetry.directory.skipped").tag("reason", reason.name())
                    .description("registry.devices records the directory skipped, by reason").register(meters));
        }
        this.readFailures = Counter.builder("urbanops.telemetry.directory.read.failures")
                .description("Attempts to read registry.devices that failed and are retried").register(meters);
    }

    CatchUp catchUp() {
        return catchUp;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopSignal = new CountDownLatch(1);
        thread = Thread.ofPlatform().name("telemetry-device-directory" + clientIdSuffix).daemon()
                .start(this::readUntilStopped);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopSignal.countDown();
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void readUntilStopped() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A missing topic is a deployment fault to report, not something to create with the broker's defaults.
        overrides.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // Bounds partitionsFor/endOffsets, so that an unreachable Kafka shows as retried failures, not one long wait.
        overrides.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Consumer<String, byte[]> created = consumers.createConsumer(settings.groupId(),
                "telemetry-device-directory", clientIdSuffix, overrides)) {
            consumer = created;
            Set<TopicPartition> assigned = new HashSet<>();
            Instant nextPartitionCheck = Instant.MIN;
            Duration backoff = FIRST_BACKOFF;
            while (running) {
                try {
                    if (!clock.instant().isBefore(nextPartitionCheck)) {
                        assignNewPartitions(created, assigned);
                        nextPartitionCheck = clock.instant().plus(settings.partitionCheckInterval());
                    }
                    if (!assigned.isEmpty()) {
                        created.poll(settings.pollTimeout()).forEach(this::apply);
                        trackCatchUp(created, assigned);
                    }
                    backoff = FIRST_BACKOFF;
                } catch (WakeupException | InterruptException stopping) {
                    break;
                } catch (RuntimeException failure) {
                    readFailures.increment();
                    log.warn("Reading {} failed, retrying in {}: {}", TOPIC, backoff, failure.toString());
                    catchUp.waitingFor("Kafka: " + failure.getClass().getSimpleName());
                    pause(backoff);
                    backoff = min(backoff.multipliedBy(2), settings.retryBackoffMax());
                }
            }
        } finally {
            consumer = null;
        }
    }

    // The first call fixes the catch-up targets; later calls pick up partitions added since, from their beginning.
    private void assignNewPartitions(Consumer<String, byte[]> kafka, Set<TopicPartition> assigned) {
        List<PartitionInfo> partitions = kafka.partitionsFor(TOPIC);
        if (partitions == null || partitions.isEmpty()) {
            catchUp.waitingFor("topic " + TOPIC + " to exist");
            throw new IllegalStateException("topic " + TOPIC + " does not exist");
        }
        Set<TopicPartition> added = new HashSet<>();
        for (PartitionInfo partition : partitions) {
            TopicPartition tp = new TopicPartition(partition.topic(), partition.partition());
            if (!assigned.contains(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> endOffsets = catchUp.hasTargets() ? Map.of() : kafka.endOffsets(added);
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(added);
        kafka.assign(all);
        kafka.seekToBeginning(added);
        assigned.addAll(added);
        if (!catchUp.hasTargets()) {
            catchUp.expect(endOffsets);
            log.info("Device directory reading {} partitions of {} from the beginning, {} records to catch up "
                    + "(group {}, never committed)", all.size(), TOPIC, catchUp.remaining(), settings.groupId());
        } else {
            log.info("Device directory now also reads new partitions {} of {}", added, TOPIC);
        }
    }

    private void trackCatchUp(Consumer<String, byte[]> kafka, Set<TopicPartition> assigned) {
        if (catchUp.caughtUp()) {
            return;
        }
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : assigned) {
            try {
                positions.put(tp, kafka.position(tp, Duration.ofMillis(100)));
            } catch (TimeoutException notYetKnown) {
                // The position of a partition not polled yet is resolved by the next poll.
            }
        }
        catchUp.progress(positions);
        if (catchUp.caughtUp()) {
            log.info("Device directory caught up with {}: {} devices", TOPIC, directory.size());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        RegistryUpdate update;
        try {
            update = RegistryUpdate.of(record.key(), record.value(), json);
            switch (update) {
                case RegistryUpdate.Placed placed -> {
                    if (!directory.place(placed.deviceId(), placed.placement())) {
                        skipped.get(SkipReason.STALE_VERSION).increment();
                    }
                }
                case RegistryUpdate.Deleted deleted -> directory.forget(deleted.deviceId());
                case RegistryUpdate.Unusable unusable -> skip(record, unusable.reason(), unusable.detail());
            }
        } catch (RuntimeException unexpected) {
            // Applying to a map fails the same way every time: retrying would stall the partition for good.
            skip(record, SkipReason.FAILED, unexpected.toString());
        }
    }

    // Names the record and the reason, never the value.
    private void skip(ConsumerRecord<String, byte[]> record, SkipReason reason, String detail) {
        skipped.get(reason).increment();
        log.warn("Device directory skipped {}-{}@{} (key {}): {} ({})", record.topic(), record.partition(),
                record.offset(), record.key(), reason, detail);
    }

    private void pause(Duration backoff) {
        try {
            stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
