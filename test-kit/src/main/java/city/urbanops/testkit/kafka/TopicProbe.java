package city.urbanops.testkit.kafka;

import city.urbanops.events.codec.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches topics from the moment it is created and lets a test await the records that arrive after that.
 * Not thread-safe: use it from the test's own thread.
 */
public final class TopicProbe implements AutoCloseable {

    private static final EventJson JSON = new EventJson();

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    private TopicProbe(String bootstrapServers, List<String> topics) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = new ArrayList<TopicPartition>();
        for (var topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now, so records produced after this constructor returns are all seen.
        partitions.forEach(consumer::position);
    }

    /** A probe that sees only what is produced to {@code topics} after this call returns. */
    public static TopicProbe fromEnd(String bootstrapServers, String... topics) {
        return new TopicProbe(bootstrapServers, List.of(topics));
    }

    /** Waits until at least {@code count} records arrived and returns all seen so far; fails after the timeout. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(int count, Duration timeout) {
        return awaitMatching(record -> true, count, timeout);
    }

    /** Waits until at least {@code count} records matching {@code filter} arrived and returns those. */
    public List<ConsumerRecord<String, byte[]>> awaitMatching(Predicate<ConsumerRecord<String, byte[]>> filter,
                                                              int count, Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        while (true) {
            var matching = seen.stream().filter(filter).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching records within " + timeout + " but saw "
                        + matching.size() + " (of " + seen.size() + " records)");
            }
            poll(Duration.ofMillis(200));
        }
    }

    /** Polls for {@code quiet} and returns everything seen: use it to assert that nothing more arrived. */
    public List<ConsumerRecord<String, byte[]>> recordsAfter(Duration quiet) {
        var until = Instant.now().plus(quiet);
        while (Instant.now().isBefore(until)) {
            poll(Duration.ofMillis(200));
        }
        return List.copyOf(seen);
    }

    /** Every record seen so far. */
    public List<ConsumerRecord<String, byte[]>> records() {
        poll(Duration.ZERO);
        return List.copyOf(seen);
    }

    /** The values of every record seen so far, decoded from JSON. */
    public <T> List<T> values(Class<T> type) {
        return records().stream().map(record -> JSON.read(record.value(), type)).toList();
    }

    /** Decodes one record's JSON value. */
    public static <T> T value(ConsumerRecord<String, byte[]> record, Class<T> type) {
        return JSON.read(record.value(), type);
    }

    private void poll(Duration timeout) {
        consumer.poll(timeout).forEach(seen::add);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
