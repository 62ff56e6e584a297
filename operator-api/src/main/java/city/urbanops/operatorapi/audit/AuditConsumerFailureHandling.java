package city.urbanops.operatorapi.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The audit consumer's error policy: whatever still fails after the consumer dead-lettered what it could not append
 * (the database unavailable, the dead letter not acknowledged by Kafka) is retried from that record on, 0.5 s up to
 * 30 s apart, for as long as it takes: the record is neither skipped nor committed past.
 */
@Component(AuditConsumerFailureHandling.BEAN_NAME)
class AuditConsumerFailureHandling
        implements ContainerPostProcessor<String, byte[], AbstractMessageListenerContainer<String, byte[]>> {

    static final String BEAN_NAME = "auditConsumerFailureHandling";

    private static final Logger log = LoggerFactory.getLogger(AuditConsumerFailureHandling.class);

    private final DefaultErrorHandler handler;

    AuditConsumerFailureHandling(MeterRegistry meters) {
        Counter retries = Counter.builder("urbanops.operator.audit.retries")
                .description("Attempts to append an audit.events record that failed for now and will be retried")
                .register(meters);
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        handler = new DefaultErrorHandler(backOff);
        handler.setAckAfterHandle(false);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                retries.increment();
                log.warn("Appending audit.events record {}-{}@{} failed (attempt {}), retrying: {}", record.topic(),
                        record.partition(), record.offset(), attempt,
                        NestedExceptionUtils.getMostSpecificCause(failure).toString());
            }
        });
    }

    @Override
    public void postProcess(AbstractMessageListenerContainer<String, byte[]> container) {
        container.setCommonErrorHandler(handler);
    }
}
