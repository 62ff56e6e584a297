package city.urbanops.alerting.alert;

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
 * alerting's dead letter, {@code alerting.dead-letter}: an {@code alerts} record that cannot be applied goes there as
 * it was consumed (same key, value and CloudEvents headers) plus spring-kafka's {@code kafka_dlt-*} headers (origin,
 * exception message) and the reason code in {@value #REASON_HEADER}.
 */
@Component
class AlertDeadLetters {

    static final String REASON_HEADER = "urbanops_dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(AlertDeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;
    private final AlertMetrics metrics;

    AlertDeadLetters(KafkaTemplate<String, byte[]> template, AlertMetrics metrics) {
        this.metrics = metrics;
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, why) -> new TopicPartition(Topics.ALERTING_DEAD_LETTER, -1));
        // The stack trace would be our own code's, which says nothing about the record.
        publisher.excludeHeader(HeadersToAdd.EX_STACKTRACE);
        publisher.setFailIfSendResultIsError(true);
        publisher.addHeadersFunction((record, why) -> new RecordHeaders().add(REASON_HEADER,
                ((NotApplied) why).reason.name().getBytes(UTF_8)));
    }

    /**
     * Publishes {@code record} and returns once Kafka acknowledged it; throws if it did not, so that the consumer
     * retries instead of committing past the record.
     */
    void publish(ConsumerRecord<String, byte[]> record, DeadLetterReason reason, String detail) {
        publisher.accept(record, new NotApplied(reason, detail));
        metrics.deadLettered(reason);
        log.warn("Dead-lettered alerts record {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(),
                record.offset(), record.key(), Topics.ALERTING_DEAD_LETTER, reason);
    }

    /** The reason a record was not applied, as the dead letter's exception headers carry it. */
    static final class NotApplied extends RuntimeException {
        private final DeadLetterReason reason;

        NotApplied(DeadLetterReason reason, String detail) {
            super(reason + ": " + detail, null, false, false);
            this.reason = reason;
        }
    }
}
