package city.urbanops.operatorapi.kafka;

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
 * operator-api's one dead letter, {@code operator.dead-letter}, for every consumer (audit log, command results, live
 * stream): a record that can never be applied goes there as it was consumed (same key, value and headers) plus
 * spring-kafka's {@code kafka_dlt-*} headers (origin, what was wrong) and the reason code in {@value #REASON_HEADER}.
 * Each feature counts its own dead letters by reason.
 */
@Component
public class OperatorDeadLetters {

    public static final String REASON_HEADER = "urbanops_dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(OperatorDeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;

    OperatorDeadLetters(KafkaTemplate<String, byte[]> template) {
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, why) -> new TopicPartition(Topics.OPERATOR_DEAD_LETTER, -1));
        // The stack trace would be our own code's, which says nothing about the record.
        publisher.excludeHeader(HeadersToAdd.EX_STACKTRACE);
        publisher.setFailIfSendResultIsError(true);
        publisher.addHeadersFunction((record, why) -> new RecordHeaders().add(REASON_HEADER,
                ((NotApplied) why).reason.getBytes(UTF_8)));
    }

    /**
     * Publishes {@code record} with {@code reason} and returns once Kafka acknowledged it; throws if it did not, so
     * that the consumer retries instead of committing past the record.
     */
    public void publish(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        publisher.accept(record, new NotApplied(reason, detail));
        log.warn("Dead-lettered {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(), record.offset(),
                record.key(), Topics.OPERATOR_DEAD_LETTER, reason);
    }

    /** The reason a record was not applied, as the dead letter's exception headers carry it. */
    private static final class NotApplied extends RuntimeException {
        private final String reason;

        NotApplied(String reason, String detail) {
            super(reason + ": " + detail, null, false, false);
            this.reason = reason;
        }
    }
}
