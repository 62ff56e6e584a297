package city.urbanops.operatorapi.audit;

import city.urbanops.events.Topics;
import city.urbanops.operatorapi.audit.AuditEventDecoder.Decoded;
import java.sql.SQLException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@code audit.events}, the other services' material actions, and chains each into the audit log in a
 * transaction of its own; the offset is acknowledged only after that transaction committed (or the record reached
 * the dead letter). A copy (source and event id already logged) is ignored. A record that cannot be read, breaks the
 * schema, or that the database refuses for what it holds goes to {@code operator.dead-letter}; a database that is
 * unavailable fails the record and {@link AuditConsumerFailureHandling} retries it until it is appended.
 */
@Component
class AuditEventConsumer {

    /** The bean name of this consumer's retry policy ({@link city.urbanops.operatorapi.kafka.RetryUntilApplied}). */
    static final String FAILURE_HANDLING = "auditConsumerFailureHandling";

    /** Listener id: names the container (failure handling, health), not the consumer group. */
    static final String LISTENER_ID = "auditEventConsumer";

    // SQLState classes that describe the data, not the database's availability: 22 data exception (22021 invalid
    // byte sequence, 22P05 untranslatable character: U+0000 in text or jsonb), 23 integrity constraint violation,
    // 54 program limit exceeded.
    private static final Set<String> REFUSED_FOR_CONTENT = Set.of("22", "23", "54");

    private final AuditEventDecoder decoder;
    private final AuditTrail trail;
    private final AuditDeadLetters deadLetters;
    private final TransactionTemplate transaction;

    AuditEventConsumer(AuditEventDecoder decoder, AuditTrail trail, AuditDeadLetters deadLetters,
                       PlatformTransactionManager transactions) {
        this.decoder = decoder;
        this.trail = trail;
        this.deadLetters = deadLetters;
        this.transaction = new TransactionTemplate(transactions);
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.AUDIT_EVENTS,
            groupId = "${urbanops.operator.audit.group-id:${spring.kafka.consumer.group-id:operator-api}-audit}",
            containerPostProcessor = FAILURE_HANDLING)
    void consume(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
        switch (decoder.decode(record.value())) {
            case Decoded.Refused(AuditDeadLetterReason reason, String detail) ->
                    deadLetters.publish(record, reason, detail);
            case Decoded.Event(var event) -> {
                try {
                    transaction.executeWithoutResult(status -> trail.record(event));
                } catch (RuntimeException failure) {
                    String state = refusedForContent(failure);
                    if (state == null) {
                        throw failure;
                    }
                    deadLetters.publish(record, AuditDeadLetterReason.REFUSED_BY_DATABASE, "SQLState " + state);
                }
            }
        }
        acknowledgment.acknowledge();
    }

    /** The SQLState of a refusal for the record's content, or null if the failure is the database's, for now. */
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
