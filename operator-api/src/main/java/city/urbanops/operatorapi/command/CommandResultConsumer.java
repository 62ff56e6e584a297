package city.urbanops.operatorapi.command;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.command.CommandResult;
import java.sql.SQLException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code gateway.command-results} and applies each result in a transaction of its own; the offset is
 * acknowledged after that committed or the record reached the dead letter. A database that is unavailable fails the
 * record and {@link CommandConsumerFailureHandling} retries it from there, so nothing is skipped.
 */
@Component
class CommandResultConsumer {

    /** The bean name of this consumer's retry policy ({@link city.urbanops.operatorapi.kafka.RetryUntilApplied}). */
    static final String FAILURE_HANDLING = "commandConsumerFailureHandling";

    static final String LISTENER_ID = "commandResultConsumer";

    // SQLState classes about the data, not the database's availability: 22 data exception, 23 integrity, 54 limits.
    private static final Set<String> REFUSED_FOR_CONTENT = Set.of("22", "23", "54");

    private final ApplyingCommandResults applying;
    private final CommandDeadLetters deadLetters;
    private final EventJson json = new EventJson();

    CommandResultConsumer(ApplyingCommandResults applying, CommandDeadLetters deadLetters) {
        this.applying = applying;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.GATEWAY_COMMAND_RESULTS,
            containerPostProcessor = FAILURE_HANDLING)
    void consume(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
        CommandResult result = decode(record.value());
        if (result == null) {
            deadLetters.publish(record, CommandDeadLetters.Reason.UNREADABLE,
                    "not a command result with commandId, gatewayId and outcome");
        } else {
            try {
                switch (applying.apply(result)) {
                    case UNKNOWN_COMMAND -> deadLetters.publish(record, CommandDeadLetters.Reason.UNKNOWN_COMMAND,
                            "no command " + result.commandId());
                    case WRONG_GATEWAY -> deadLetters.publish(record, CommandDeadLetters.Reason.WRONG_GATEWAY,
                            "reported by gateway " + result.gatewayId());
                    case CHANGED, COPY, TOO_LATE -> { }
                }
            } catch (RuntimeException failure) {
                String state = refusedForContent(failure);
                if (state == null) {
                    throw failure;
                }
                deadLetters.publish(record, CommandDeadLetters.Reason.REFUSED_BY_DATABASE, "SQLState " + state);
            }
        }
        acknowledgment.acknowledge();
    }

    private CommandResult decode(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            CommandResult result = json.read(value, CommandResult.class);
            return result.commandId() == null || result.gatewayId() == null || result.outcome() == null ? null
                    : result;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String refusedForContent(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5
                    && REFUSED_FOR_CONTENT.contains(sql.getSQLState().substring(0, 2))) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
