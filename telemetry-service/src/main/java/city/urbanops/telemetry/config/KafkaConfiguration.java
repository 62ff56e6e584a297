package city.urbanops.telemetry.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka listener error policy. Records that cannot be decoded are skipped by the listeners themselves, so anything
 * that still fails is the store being unavailable: the batch is retried with backoff for as long as it takes and
 * never skipped, because skipping would commit offsets of readings that were never stored.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean
    public DefaultErrorHandler telemetryErrorHandler(MeterRegistry meters) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setAckAfterHandle(false);
        Counter failures = Counter.builder("urbanops.telemetry.batch.failures")
                .description("Attempts to store a consumed batch that failed and will be retried").register(meters);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                failures.increment();
                log.warn("Storing record {}-{}@{} failed (attempt {}), retrying: {}", record.topic(),
                        record.partition(), record.offset(), deliveryAttempt, rootCause(ex));
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
                failures.increment();
                log.warn("Storing a batch of {} records failed (attempt {}), retrying: {}", records.count(),
                        deliveryAttempt, rootCause(ex));
            }
        });
        return handler;
    }

    private static String rootCause(Exception ex) {
        return NestedExceptionUtils.getMostSpecificCause(ex).toString();
    }
}
