package city.urbanops.rules.dryrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers that read history without a group: every partition assigned explicitly, positions set by the reader,
 * nothing committed, so a dry run never moves any live consumer's offsets.
 */
final class HistoryConsumers {

    private final Map<String, Object> config;
    private final Duration timeout;

    /**
     * @param kafkaConfig the service's Kafka client settings (bootstrap servers, security)
     * @param timeout     longest a metadata request or a stalled fetch may take before the history counts as
     *                    unavailable
     */
    HistoryConsumers(Map<String, Object> kafkaConfig, Duration timeout) {
        var settings = new HashMap<>(kafkaConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A segment deleted by retention while the scan runs: carry on from what is left rather than fail.
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Producers write transactionally (the registry, exactly-once stages): aborted records never happened.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        this.config = Map.copyOf(settings);
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** A new consumer with every partition of {@code topics} assigned; the caller closes it. */
    KafkaConsumer<String, byte[]> assignedTo(List<String> topics) {
        var settings = new HashMap<>(config);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "rules-dry-run-" + UUID.randomUUID());
        var consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            var partitions = new ArrayList<TopicPartition>();
            for (var topic : topics) {
                consumer.partitionsFor(topic, timeout)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            return consumer;
        } catch (KafkaException unreachable) {
            consumer.close(Duration.ZERO);
            throw new HistoryUnavailableException("cannot read the partitions of " + topics + ": " + unreachable,
                    unreachable);
        }
    }
}
