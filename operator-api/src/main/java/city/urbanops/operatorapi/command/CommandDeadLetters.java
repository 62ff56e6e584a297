package city.urbanops.operatorapi.command;

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
 * operator-api's dead letter, {@code operator.dead-letter}, for command results: a record that can never be applied
 * goes there as consumed plus spring-kafka's {@code kafka_dlt-*} headers and the reason in {@value #REASON_HEADER}.
 */
@Component
class CommandDeadLetters {

    static final String REASON_HEADER = "urbanops_dlt-reason";

    /** Why a command result went to the dead letter. */
    enum Reason {
        /** Not JSON, not a CommandResult, or a required field missing. */
        UNREADABLE,
        /** A result for a command operator-api does not know. */
        UNKNOWN_COMMAND,
        /** A result reported for another gateway than the command's. */
        WRONG_GATEWAY,
        /** The database refused what the result holds. */
        REFUSED_BY_DATABASE
    }

    private static final Logger log = LoggerFactory.getLogger(CommandDeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;
    private final CommandMetrics metrics;

    CommandDeadLetters(KafkaTemplate<String, byte[]> template, CommandMetrics metrics) {
        this.metrics = metrics;
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, why) -> new TopicPartition(Topics.OPERATOR_DEAD_LETTER, -1));
        publisher.excludeHeader(HeadersToAdd.EX_STACKTRACE);
        publisher.setFailIfSendResultIsError(true);
        publisher.addHeadersFunction((record, why) -> new RecordHeaders().add(REASON_HEADER,
                ((NotApplied) why).reason.name().getBytes(UTF_8)));
    }

    /** Publishes {@code record}, returning once Kafka acknowledged it; throws if it did not, so the consumer retries. */
    void publish(ConsumerRecord<String, byte[]> record, Reason reason, String detail) {
        publisher.accept(record, new NotApplied(reason, detail));
        metrics.deadLettered(reason);
        log.warn("Dead-lettered command result {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(),
                record.offset(), record.key(), Topics.OPERATOR_DEAD_LETTER, reason);
    }

    static final class NotApplied extends RuntimeException {
        private final Reason reason;

        NotApplied(Reason reason, String detail) {
            super(reason + ": " + detail, null, false, false);
            this.reason = reason;
        }
    }
}
