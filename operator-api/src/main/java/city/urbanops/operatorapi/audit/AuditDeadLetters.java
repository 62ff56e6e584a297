package city.urbanops.operatorapi.audit;

import city.urbanops.operatorapi.kafka.OperatorDeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/** The audit log's dead letters: to {@code operator.dead-letter} with the reason, counted by reason. */
@Component
class AuditDeadLetters {

    static final String REASON_HEADER = OperatorDeadLetters.REASON_HEADER;

    private final OperatorDeadLetters deadLetters;
    private final AuditMetrics metrics;

    AuditDeadLetters(OperatorDeadLetters deadLetters, AuditMetrics metrics) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Publishes {@code record}, returning once Kafka acknowledged it; throws if it did not, so the consumer retries. */
    void publish(ConsumerRecord<String, byte[]> record, AuditDeadLetterReason reason, String detail) {
        deadLetters.publish(record, reason.name(), detail);
        metrics.deadLettered(reason);
    }
}
