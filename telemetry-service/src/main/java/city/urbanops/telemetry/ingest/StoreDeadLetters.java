package city.urbanops.telemetry.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import city.urbanops.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.stereotype.Component;

/**
 * The store's dead letter, {@code telemetry.store.dead-letter}: a class-topic record the store cannot keep goes
 * there as it was consumed — same key, same value bytes, same CloudEvents headers — plus spring-kafka's
 * {@code kafka_dlt-*} headers (original topic, partition, offset, timestamp; exception class and message) and the
 * reason code in {@value #REASON_HEADER}. The key picks the partition, so one device's dead letters stay in order.
 */
@Component
class StoreDeadLetters {

    /** Header carrying the {@link DeadLetterReason} code. */
    static final String REASON_HEADER = "urbanops_dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(StoreDeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;
    private final Map<DeadLetterReason, Counter> published = new EnumMap<>(DeadLetterReason.class);

    StoreDeadLetters(KafkaTemplate<String, byte[]> template, MeterRegistry meters) {
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, why) -> new TopicPartition(Topics.TELEMETRY_STORE_DEAD_LETTER, -1));
        // The stack trace would be our own code's, which says nothing about the record.
        publisher.excludeHeader(HeadersToAdd.EX_STACKTRACE);
        publisher.addHeadersFunction((record, why) -> new RecordHeaders().add(REASON_HEADER,
                ((RecordNotStoredException) why).reason().name().getBytes(UTF_8)));
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            published.put(reason, Counter.builder("urbanops.telemetry.dead.letters").tag("reason", reason.name())
                    .description("Class-topic records sent to the store's dead letter instead of being stored")
                    .register(meters));
        }
    }

    /**
     * Publishes {@code record} to the dead letter and returns once Kafka acknowledged it; throws if it did not, so
     * the caller retries instead of committing past the record. {@code summary} is logged and must not quote the
     * value; {@code detail}, which may, only travels in the dead letter's exception message header.
     */
    void publish(ConsumerRecord<String, byte[]> record, DeadLetterReason reason, String summary, String detail) {
        publisher.accept(record, new RecordNotStoredException(reason,
                detail.isEmpty() ? summary : summary + ": " + detail));
        published.get(reason).increment();
        log.warn("Dead-lettered record {}-{}@{} (key {}, ce_id {}) to {}: {}, {}", record.topic(), record.partition(),
                record.offset(), record.key(), ceId(record), Topics.TELEMETRY_STORE_DEAD_LETTER, reason, summary);
    }

    private static String ceId(ConsumerRecord<String, byte[]> record) {
        Header id = record.headers().lastHeader("ce_id");
        return id == null || id.value() == null ? "none" : new String(id.value(), UTF_8);
    }
}
