package city.urbanops.ingestion.publishing;

import city.urbanops.ingestion.config.IngestionProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one Kafka producer of an ingestion instance (acks=all, idempotent) and the rule every write follows: a group of
 * records is done only when Kafka acknowledged each of them, and any failure — asynchronous, or thrown by
 * {@code send()} itself when metadata or buffer space does not come within max.block.ms — fails the whole group.
 */
public final class KafkaRecordSender implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final Duration maxBlock;
    private final Duration closeTimeout;

    KafkaRecordSender(Producer<String, byte[]> producer, Duration maxBlock, Duration closeTimeout) {
        this.producer = producer;
        this.maxBlock = maxBlock;
        this.closeTimeout = closeTimeout;
    }

    /** A sender whose producer is configured from {@code urbanops.ingestion.kafka}. */
    public static KafkaRecordSender create(IngestionProperties properties) {
        var kafka = properties.kafka();
        long lingerMs = kafka.linger().toMillis();
        long deliveryTimeoutMs = kafka.deliveryTimeout().toMillis();
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        long requestTimeoutMs = Math.min(30_000, deliveryTimeoutMs - lingerMs);
        Map<String, Object> config = Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "ingestion-" + properties.instanceId()),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, kafka.compressionType()),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMs),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis()),
                Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
                Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        return new KafkaRecordSender(new KafkaProducer<>(config), kafka.maxBlock(), kafka.deliveryTimeout());
    }

    /**
     * Sends every record; the future completes when Kafka acknowledged all of them, or exceptionally with the first
     * failure. Records sent before a failure may still land: callers answer "retry", and consumers are idempotent.
     *
     * <p>{@code send()} may block each time for up to max.block.ms while partition metadata is missing (Kafka down)
     * and reports that timeout through the callback, not by throwing. Without a stop, a batch of N records would
     * hold the caller — HiveMQ's shared extension thread — for N times max.block.ms, so sending stops at the first
     * failure and once the whole group has spent max.block.ms inside {@code send()}.
     */
    public CompletableFuture<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        var acknowledged = new CompletableFuture<Void>();
        var outstanding = new AtomicInteger(records.size());
        long deadline = System.nanoTime() + maxBlock.toNanos();
        for (var record : records) {
            if (acknowledged.isDone()) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                acknowledged.completeExceptionally(new TimeoutException("Kafka did not take the batch's records "
                        + "within max.block.ms (" + maxBlock.toMillis() + " ms)"));
                break;
            }
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure != null) {
                        acknowledged.completeExceptionally(failure);
                    } else if (outstanding.decrementAndGet() == 0) {
                        acknowledged.complete(null);
                    }
                });
            } catch (RuntimeException sendRefused) {
                acknowledged.completeExceptionally(sendRefused);
                break;
            }
        }
        return acknowledged;
    }

    /** Waits up to the delivery timeout for records in flight, so that a clean shutdown loses no acknowledgement. */
    @Override
    public void close() {
        producer.close(closeTimeout);
    }
}
