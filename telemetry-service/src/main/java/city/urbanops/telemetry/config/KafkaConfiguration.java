package city.urbanops.telemetry.config;

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
 * Default Kafka listener error policy, for any listener without one of their own (today every listener has one: the
 * store's is {@code ingest.StoreFailureHandling}; the device directory is no listener but a reader with its own
 * bounds, {@code directory.DeviceDirectoryReader}). Such a listener must skip what it cannot decode itself, so
 * anything that still fails is retried with backoff for as long as it takes and never skipped.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean
    public DefaultErrorHandler telemetryErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setAckAfterHandle(false);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                log.warn("Handling record {}-{}@{} failed (attempt {}), retrying: {}", record.topic(),
                        record.partition(), record.offset(), deliveryAttempt, rootCause(ex));
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
                log.warn("Handling a batch of {} records failed (attempt {}), retrying: {}", records.count(),
                        deliveryAttempt, rootCause(ex));
            }
        });
        return handler;
    }

    private static String rootCause(Exception ex) {
        return NestedExceptionUtils.getMostSpecificCause(ex).toString();
    }
}
