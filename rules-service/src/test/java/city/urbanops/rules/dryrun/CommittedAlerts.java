package city.urbanops.rules.dryrun;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.rules.rule.RuleRelease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** The {@code alerts} topic as an alert consumer sees it: {@code read_committed}, from the beginning. */
final class CommittedAlerts implements AutoCloseable {

    private static final EventJson JSON = new EventJson();

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<AlertEvent> read = new ArrayList<>();

    CommittedAlerts(String bootstrapServers) {
        consumer = reader(bootstrapServers);
        var partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until the committed alerts of {@code release}'s rule satisfy {@code done}, and returns them. */
    List<AlertEvent> awaitOfRule(RuleRelease release, Predicate<List<AlertEvent>> done, Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(200))
                .until(() -> ofRule(release), done);
    }

    private List<AlertEvent> ofRule(RuleRelease release) {
        readToTheEnd(consumer, record -> read.add(JSON.read(record.value(), AlertEvent.class)));
        return read.stream().filter(alert -> release.ruleId().equals(alert.ruleId())).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** A consumer that sees committed records only, as every consumer of the platform's exactly-once output. */
    static KafkaConsumer<String, byte[]> reader(String bootstrapServers) {
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads the assigned partitions up to their last stable offset as it is now; bounded, then it fails. */
    static void readToTheEnd(KafkaConsumer<String, byte[]> consumer,
                             Consumer<ConsumerRecord<String, byte[]>> each) {
        var ends = consumer.endOffsets(consumer.assignment());
        var deadline = Instant.now().plusSeconds(30);
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("could not read " + consumer.assignment() + " to " + ends + " in 30 s");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(each);
        }
    }
}
