package city.urbanops.registry.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the last committed record of every partition of the registry's topics: what the previous active relay got
 * onto Kafka before it stopped. Read with {@code read_committed} after the new relay's {@code initTransactions()},
 * which has aborted whatever transaction the previous one left open, so the tail it sees is final.
 */
final class PublishedTail {

    /** The outbox row a record was relayed from, as its headers name it. */
    record Relayed(long seq, String eventId) {
    }

    private static final int FIRST_WINDOW = 16;

    private final Map<String, Object> consumerConfig;
    private final Duration timeout;

    PublishedTail(Map<String, Object> kafkaConfig, Duration timeout) {
        var config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig = config;
        this.timeout = timeout;
    }

    /**
     * The last record relayed from {@code outbox} on each partition of {@code topics} that has one. Fails (rather than
     * answering partially) if Kafka does not answer in time: a relay must not send anything before it knows.
     */
    Map<TopicPartition, Relayed> lastRelayed(Collection<String> topics, String outbox) {
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, timeout).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            var begin = consumer.beginningOffsets(partitions, timeout);
            var end = consumer.endOffsets(partitions, timeout);
            var last = new HashMap<TopicPartition, Relayed>();
            for (var partition : partitions) {
                lastOf(consumer, partition, begin.get(partition), end.get(partition), outbox)
                        .ifPresent(relayed -> last.put(partition, relayed));
            }
            return last;
        }
    }

    /**
     * Reads backwards in growing windows until a record of this outbox turns up: the very last offsets may be
     * transaction markers or records of aborted transactions, which a read_committed consumer skips.
     */
    private Optional<Relayed> lastOf(KafkaConsumer<String, byte[]> consumer, TopicPartition partition,
                                               long begin, long end, String outbox) {
        consumer.assign(List.of(partition));
        long window = FIRST_WINDOW;
        long from = end;
        while (from > begin) {
            long start = Math.max(begin, end - window);
            consumer.seek(partition, start);
            Relayed found = null;
            var deadline = Instant.now().plus(timeout);
            while (consumer.position(partition, timeout) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("reading the tail of " + partition + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                    if (record.offset() >= end) {
                        break;
                    }
                    var seq = OutboxRecords.seqOf(record);
                    var id = OutboxRecords.eventIdOf(record);
                    if (seq.isPresent() && id.isPresent() && OutboxRecords.outboxOf(record).filter(outbox::equals)
                            .isPresent()) {
                        found = new Relayed(seq.get(), id.get());
                    }
                }
            }
            if (found != null) {
                return Optional.of(found);
            }
            from = start;
            window *= 8;
        }
        return Optional.empty();
    }
}
