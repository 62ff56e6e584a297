package city.urbanops.operatorapi.kafka;

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
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The error policy of operator-api's consumers that must apply every record (the audit log, command results):
 * whatever still fails after the consumer dead-lettered what it could never apply (the database away, the dead letter
 * not acknowledged by Kafka) is retried from that record on, 0.5 s up to 30 s apart, for as long as it takes; the
 * record is neither skipped nor committed past. Each retry is counted in the meter the feature names. Register one
 * per consumer as a bean and name it in {@code @KafkaListener(containerPostProcessor = ...)}.
 */
public final class RetryUntilApplied
        implements ContainerPostProcessor<String, byte[], AbstractMessageListenerContainer<String, byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(RetryUntilApplied.class);

    private final DefaultErrorHandler handler;

    public RetryUntilApplied(MeterRegistry meters, String retriesMeter, String what) {
        Counter retries = Counter.builder(retriesMeter)
                .description("Attempts to apply " + what + " that failed for now and will be retried")
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
                log.warn("Applying {} {}-{}@{} failed (attempt {}), retrying: {}", what, record.topic(),
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
