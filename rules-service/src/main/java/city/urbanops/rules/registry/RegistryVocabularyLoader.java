package city.urbanops.rules.registry;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.core.JacksonException;

/**
 * Fills the {@link RegistryVocabulary} from the compacted {@code registry.devices} topic and keeps it current. Every
 * instance needs every device, so all partitions are assigned (no group, no rebalancing), read from the beginning at
 * every start and never committed. The registry writes in Kafka transactions, so only committed records are read.
 * Runs on a thread of its own; a broker that is down only delays the vocabulary (readiness stays down meanwhile).
 */
final class RegistryVocabularyLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistryVocabularyLoader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final RegistryVocabulary vocabulary;
    private final EventJson json = new EventJson();
    private final Map<String, Object> consumerConfig;
    private final Counter skipped;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param kafkaConfig the Kafka client settings (bootstrap servers, security); the loader sets what its reading
     *                    rests on itself
     */
    RegistryVocabularyLoader(RegistryVocabulary vocabulary, Map<String, Object> kafkaConfig, String clientId,
                             MeterRegistry meters) {
        this.vocabulary = vocabulary;
        this.skipped = Counter.builder("urbanops.rules.registry.skipped")
                .description("registry.devices records the vocabulary could not read and skipped").register(meters);
        var config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A relay that died inside a transaction leaves records the next one aborts: only read_committed skips them.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumerConfig = config;
    }

    @Override
    public synchronized void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = Thread.ofPlatform().name("registry-vocabulary").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        var current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (var kafka = consumer) {
            Map<TopicPartition, Long> endAtStart = null;
            boolean warned = false;
            while (running) {
                try {
                    if (endAtStart == null) {
                        endAtStart = assignEverything(kafka);
                    }
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                        apply(record);
                    }
                    if (!vocabulary.caughtUp() && caughtUp(kafka, endAtStart)) {
                        vocabulary.markCaughtUp();
                        log.info("Registry vocabulary caught up: {} devices", vocabulary.deviceCount());
                    }
                    warned = false;
                } catch (WakeupException stopping) {
                    return;
                } catch (KafkaException unavailable) {
                    if (!warned) {
                        log.warn("Registry vocabulary cannot read Kafka, retrying: {}", unavailable.toString());
                        warned = true;
                    }
                    pause();
                }
            }
        } catch (WakeupException stopping) {
            // Closing.
        }
    }

    private Map<TopicPartition, Long> assignEverything(KafkaConsumer<String, byte[]> kafka) {
        var infos = kafka.partitionsFor(Topics.REGISTRY_DEVICES, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new KafkaException("topic " + Topics.REGISTRY_DEVICES + " has no partitions (yet)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        kafka.assign(partitions);
        var endOffsets = kafka.endOffsets(partitions, METADATA_TIMEOUT);
        kafka.seekToBeginning(partitions);
        return new HashMap<>(endOffsets);
    }

    private boolean caughtUp(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endAtStart) {
        for (var end : endAtStart.entrySet()) {
            if (kafka.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            skip(record, "no key");
            return;
        }
        try {
            var device = record.value() == null ? null : json.read(record.value(), DeviceRecord.class);
            if (device != null && !record.key().equals(device.deviceId())) {
                skip(record, "key is not the record's deviceId");
                return;
            }
            vocabulary.apply(record.key(), device);
        } catch (JacksonException unreadable) {
            skip(record, "not a DeviceRecord: " + unreadable.getOriginalMessage());
        }
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        skipped.increment();
        log.warn("Registry vocabulary skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
