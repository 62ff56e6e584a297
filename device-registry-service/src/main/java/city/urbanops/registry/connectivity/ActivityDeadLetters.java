package city.urbanops.registry.connectivity;

import static java.nio.charset.StandardCharsets.UTF_8;

import city.urbanops.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's dead letter, {@code registry.dead-letter}: a record the activity consumer cannot use goes there as it
 * was consumed (same key, value and headers) plus its reason code in {@value #REASON_HEADER} and what went wrong in
 * {@value #DETAIL_HEADER}, so nothing the consumer passes over is lost without a trace. Publishing waits for Kafka's
 * acknowledgement, bounded by {@link #SEND_TIMEOUT}: the consumer commits past a record only once its copy is kept.
 */
final class ActivityDeadLetters implements AutoCloseable {

    /** Header carrying the {@link Reason} code; the same name as the other services' dead letters use. */
    static final String REASON_HEADER = "urbanops_dlt-reason";
    /** Header carrying what was wrong with the record (a parse error, a missing field); may quote the value. */
    static final String DETAIL_HEADER = "kafka_dlt-exception-message";
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    /** Why a record went to the dead letter; stable codes, they travel in the header and tag the metric. */
    enum Reason {
        /** A {@code gateway.status} value that is not a complete GatewayStatusEvent. */
        UNDECODABLE,
        /** A record without a key: no device or gateway to attribute it to. */
        NO_KEY
    }

    private static final Logger log = LoggerFactory.getLogger(ActivityDeadLetters.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Map<Reason, Counter> published = new EnumMap<>(Reason.class);
    private final Counter failed;

    ActivityDeadLetters(Map<String, Object> producerConfig, MeterRegistry meters) {
        var config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        for (Reason reason : Reason.values()) {
            published.put(reason, Counter.builder("urbanops.registry.connectivity.dead.letters")
                    .tag("reason", reason.name())
                    .description("Records the activity consumer could not use, kept on registry.dead-letter")
                    .register(meters));
        }
        this.failed = Counter.builder("urbanops.registry.connectivity.dead.letter.failures")
                .description("Dead letters Kafka did not acknowledge; their records are read again").register(meters);
    }

    /**
     * Publishes {@code record}'s copy and returns true once Kafka acknowledged it; false if it did not (counted and
     * logged), and then the caller must read the record again rather than commit past it.
     */
    boolean publish(ConsumerRecord<String, byte[]> record, Reason reason, String detail) {
        var headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON_HEADER, reason.name().getBytes(UTF_8));
        headers.add(DETAIL_HEADER, detail.getBytes(UTF_8));
        var copy = new ProducerRecord<>(Topics.REGISTRY_DEAD_LETTER, null, record.key(), record.value(), headers);
        try {
            producer.send(copy).get(SEND_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            failed.increment();
            log.warn("Cannot dead-letter record {}-{}@{} ({}); it is read again: {}", record.topic(),
                    record.partition(), record.offset(), reason, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.increment();
            return false;
        }
        published.get(reason).increment();
        // The detail may quote the value, so it stays in the dead letter and out of the log.
        log.warn("Dead-lettered record {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(),
                record.offset(), record.key(), Topics.REGISTRY_DEAD_LETTER, reason);
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
