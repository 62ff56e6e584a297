package city.urbanops.operatorapi.command;

import city.urbanops.operatorapi.kafka.OperatorDeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/** Command results' dead letters: to {@code operator.dead-letter} with the reason, counted by reason. */
@Component
class CommandDeadLetters {

    static final String REASON_HEADER = OperatorDeadLetters.REASON_HEADER;

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

    private final OperatorDeadLetters deadLetters;
    private final CommandMetrics metrics;

    CommandDeadLetters(OperatorDeadLetters deadLetters, CommandMetrics metrics) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Publishes {@code record}, returning once Kafka acknowledged it; throws if it did not, so the consumer retries. */
    void publish(ConsumerRecord<String, byte[]> record, Reason reason, String detail) {
        deadLetters.publish(record, reason.name(), detail);
        metrics.deadLettered(reason);
    }
}
