package city.urbanops.operatorapi.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import city.urbanops.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.stereotype.Component;

/**
 * operator-api's dead letter for the audit log, {@code operator.dead-letter}: an {@code audit.events} record that
 * cannot be appended goes there as it was consumed (same key, value and headers) plus spring-kafka's
 * {@code kafka_dlt-*} headers (origin, exception message) and the reason code in {@value #REASON_HEADER}.
 */
@Component
class AuditDeadLetters {

    static final String REASON_HEADER = "urbanops_dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(AuditDeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;
    private final AuditMetrics metrics;

    AuditDeadLetters(KafkaTemplate<String, byte[]> template, AuditMetrics metrics) {
        this.metrics = metrics;
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, why) -> new TopicPartition(Topics.OPERATOR_DEAD_LETTER, -1));
        // The stack trace would be our own code's, which says nothing about the record.
        publisher.excludeHeader(HeadersToAdd.EX_STACKTRACE);
        publisher.setFailIfSendResultIsError(true);
        publisher.addHeadersFunction((record, why) -> new RecordHeaders().add(REASON_HEADER,
                ((NotAppended) why).reason.name().getBytes(UTF_8)));
    }

    /**
     * Publishes {@code record} and returns once Kafka acknowledged it; throws if it did not, so that the consumer
     * retries instead of committing past the record.
     */
    void publish(ConsumerRecord<String, byte[]> record, AuditDeadLetterReason reason, String detail) {
        publisher.accept(record, new NotAppended(reason, detail));
        metrics.deadLettered(reason);
        log.warn("Dead-lettered audit.events record {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(),
                record.offset(), record.key(), Topics.OPERATOR_DEAD_LETTER, reason);
    }

    /** The reason a record was not appended, as the dead letter's exception headers carry it. */
    static final class NotAppended extends RuntimeException {
        private final AuditDeadLetterReason reason;

        NotAppended(AuditDeadLetterReason reason, String detail) {
            super(reason + ": " + detail, null, false, false);
            this.reason = reason;
        }
    }
}
