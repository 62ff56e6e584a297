package city.urbanops.alerting.alert;

import city.urbanops.alerting.alert.AlertEventDecoder.Decoded;
import city.urbanops.events.Topics;
import java.sql.SQLException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code alerts} ({@code read_committed}) and applies each transition in a database transaction of its own;
 * the offset is acknowledged only after that transaction committed (or the record reached the dead letter). A record
 * that cannot be decoded, or that the database refuses for what it holds, goes to the dead letter; a database that is
 * unavailable fails the record, and {@link AlertConsumerFailureHandling} retries it (pausing between attempts) for as
 * long as it takes, so nothing is skipped.
 */
@Component
class AlertEventConsumer {

    /** Listener id, also the name of the container the health indicator watches. */
    static final String LISTENER_ID = "alertConsumer";

    // SQLState classes that describe the data, not the database's availability: 22 data exception (22021 invalid
    // byte sequence, such as U+0000 in text), 23 integrity constraint violation, 54 program limit exceeded.
    private static final Set<String> REFUSED_FOR_CONTENT = Set.of("22", "23", "54");

    private final AlertEventDecoder decoder;
    private final ApplyingAlertEvents applying;
    private final AlertDeadLetters deadLetters;

    AlertEventConsumer(AlertEventDecoder decoder, ApplyingAlertEvents applying, AlertDeadLetters deadLetters) {
        this.decoder = decoder;
        this.applying = applying;
        this.deadLetters = deadLetters;
    }

    // idIsGroup = false: the listener id names the container (health, failure handling); the consumer group is
    // spring.kafka.consumer.group-id (alerting-service), not the id.
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.ALERTS,
            containerPostProcessor = AlertConsumerFailureHandling.BEAN_NAME)
    void consume(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
        switch (decoder.decode(record.value())) {
            case Decoded.Refused(DeadLetterReason reason, String detail) -> deadLetters.publish(record, reason, detail);
            case Decoded.Event(var event) -> {
                try {
                    applying.apply(event);
                } catch (RuntimeException failure) {
                    String state = refusedForContent(failure);
                    if (state == null) {
                        throw failure;
                    }
                    deadLetters.publish(record, DeadLetterReason.REFUSED_BY_DATABASE, "SQLState " + state);
                }
            }
        }
        acknowledgment.acknowledge();
    }

    /** The SQLState of a refusal for the record's content, or null if the failure is the database's, for now. */
    private static String refusedForContent(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5
                    // a lost race on the one-open-alert index is retried by ApplyingAlertEvents, never a refusal
                    && !"23505".equals(sql.getSQLState())
                    && REFUSED_FOR_CONTENT.contains(sql.getSQLState().substring(0, 2))) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
