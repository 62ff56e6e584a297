package city.urbanops.operatorapi.command;

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
 * What still fails after the consumer dead-lettered what it could not apply (the database away, the dead letter not
 * acknowledged) is retried from that record, 0.5 s up to 30 s apart, for as long as it takes: never skipped.
 */
@Component(CommandConsumerFailureHandling.BEAN_NAME)
class CommandConsumerFailureHandling
        implements ContainerPostProcessor<String, byte[], AbstractMessageListenerContainer<String, byte[]>> {

    static final String BEAN_NAME = "commandConsumerFailureHandling";

    private static final Logger log = LoggerFactory.getLogger(CommandConsumerFailureHandling.class);

    private final DefaultErrorHandler handler;

    CommandConsumerFailureHandling(MeterRegistry meters) {
        Counter retries = Counter.builder("urbanops.commands.results.retries")
                .description("Attempts to apply a command result that failed for now and will be retried")
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
                log.warn("Applying command result {}-{}@{} failed (attempt {}), retrying: {}", record.topic(),
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
