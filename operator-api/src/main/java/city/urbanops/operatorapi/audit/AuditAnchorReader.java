package city.urbanops.operatorapi.audit;

import city.urbanops.events.Topics;
import city.urbanops.events.audit.AuditAnchor;
import city.urbanops.events.codec.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the newest anchor of a chain from {@code audit.anchors}: every partition from its beginning to its end as it
 * stands now (no consumer group, nothing committed), keeping the anchor with the highest seq for the chain. A plain
 * class, so the command-line check reads anchors without the application.
 */
public final class AuditAnchorReader {

    /** Kafka could not be read in time: the verification says so instead of passing without the anchor. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, Object> consumerConfig;
    private final Duration timeout;
    private final EventJson json = new EventJson();

    public AuditAnchorReader(String bootstrapServers, Duration timeout) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), timeout);
    }

    AuditAnchorReader(Map<String, Object> connection, Duration timeout) {
        Map<String, Object> config = new HashMap<>(connection);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-anchor-reader");
        this.consumerConfig = Map.copyOf(config);
        this.timeout = timeout;
    }

    /** The newest anchor of {@code chain}, empty when none was written yet. */
    public Optional<AuditAnchor> latest(String chain) {
        Instant deadline = Instant.now().plus(timeout);
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT_ANCHORS, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            AuditAnchor newest = null;
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new Unavailable("reading " + Topics.AUDIT_ANCHORS + " took longer than " + timeout, null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!chain.equals(record.key()) || record.value() == null) {
                        continue;
                    }
                    AuditAnchor anchor = json.read(record.value(), AuditAnchor.class);
                    if (anchor != null && chain.equals(anchor.chain())
                            && (newest == null || anchor.seq() > newest.seq())) {
                        newest = anchor;
                    }
                }
            }
            return Optional.ofNullable(newest);
        } catch (Unavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Unavailable("cannot read " + Topics.AUDIT_ANCHORS + ": " + e.getMessage(), e);
        }
    }
}
