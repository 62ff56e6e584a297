package city.urbanops.telemetry.ingest;

import city.urbanops.telemetry.config.TelemetryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The store listener's error policy, set on its container alone (other listeners keep the default handler). Two
 * kinds of failure, two answers, both through spring-kafka's {@link DefaultErrorHandler}, which pauses the consumer
 * between attempts so that it neither spins nor leaves its group:
 * <ul>
 * <li><b>Store unavailable</b> ({@link StoreUnavailableException}, a dead letter Kafka did not acknowledge, anything
 * unexpected): the whole batch is retried with exponential backoff, 0.5 s up to 30 s apart, for as long as it takes.
 * Nothing is committed and nothing is dead-lettered meanwhile.</li>
 * <li><b>Batch refused</b> ({@link BatchRefusedException}): the batch is retried {@code refused-batch-retries} times,
 * {@code refused-batch-retry-interval} apart (a refusal caused by a concurrent change of the store clears), then its
 * records are stored one by one ({@link StoringRecords#storeAlone}): the good ones are stored, each refused
 * one is dead-lettered once, and the batch's offsets are committed. If the database or the dead letter fails
 * half-way, the batch is consumed again from its start: stored rows are idempotent, a record already dead-lettered
 * is dead-lettered again.</li>
 * </ul>
 * When the cause changes between attempts (the database goes down while a refused batch is retried), the policy of
 * the new cause starts afresh.
 */
@Component(StoreFailureHandling.BEAN_NAME)
class StoreFailureHandling
        implements ContainerPostProcessor<String, byte[], AbstractMessageListenerContainer<String, byte[]>> {

    /** Bean name, as the store listener refers to it. */
    static final String BEAN_NAME = "telemetryStoreFailureHandling";

    private static final Logger log = LoggerFactory.getLogger(StoreFailureHandling.class);

    private final DefaultErrorHandler handler;

    @SuppressWarnings("unchecked")
    StoreFailureHandling(StoringRecords storing, TelemetryProperties properties, MeterRegistry meters) {
        ExponentialBackOff whileUnavailable = new ExponentialBackOff(500, 2.0);
        whileUnavailable.setMaxInterval(30_000);
        whileUnavailable.setMaxElapsedTime(Long.MAX_VALUE);
        FixedBackOff whileRefused = new FixedBackOff(properties.store().refusedBatchRetryInterval().toMillis(),
                properties.store().refusedBatchRetries());
        this.handler = new DefaultErrorHandler(
                (record, failure) -> storing.storeAlone((ConsumerRecord<String, byte[]>) record), whileUnavailable);
        handler.setBackOffFunction((record, failure) -> refusal(failure) != null ? whileRefused : null);
        handler.setResetStateOnExceptionChange(true);
        // Handled means every record is stored or dead-lettered: commit, so that a restart does not repeat it.
        handler.setAckAfterHandle(true);
        handler.setRetryListeners(new Reporting(Counter.builder("urbanops.telemetry.batch.failures")
                .description("Attempts to store a consumed batch that failed and will be retried").register(meters)));
    }

    @Override
    public void postProcess(AbstractMessageListenerContainer<String, byte[]> container) {
        container.setCommonErrorHandler(handler);
    }

    private static BatchRefusedException refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /** Counts and logs failed attempts; never the database's own message of a refusal, which may quote a value. */
    private static final class Reporting implements RetryListener {

        private final Counter failures;

        Reporting(Counter failures) {
            this.failures = failures;
        }

        @Override
        public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
            failures.increment();
            BatchRefusedException refused = refusal(failure);
            if (refused != null) {
                log.warn("The database refused a batch of {} records (SQLState {}, attempt {}); once retries are "
                        + "exhausted its records are stored one by one", records.count(), refused.sqlState(), attempt);
            } else {
                log.warn("Storing a batch of {} records failed (attempt {}), retrying: {}", records.count(), attempt,
                        NestedExceptionUtils.getMostSpecificCause(failure).toString());
            }
        }

        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
            failures.increment();
            log.warn("Storing record {}-{}@{} failed (attempt {}), retrying", record.topic(), record.partition(),
                    record.offset(), attempt);
        }

        @Override
        public void recovered(ConsumerRecords<?, ?> records, Exception failure) {
            log.info("Stored a refused batch of {} records one by one; the refused ones are dead-lettered",
                    records.count());
        }

        @Override
        public void recoveryFailed(ConsumerRecords<?, ?> records, Exception original, Exception failure) {
            log.warn("Storing a refused batch of {} records one by one failed, consuming it again: {}",
                    records.count(), NestedExceptionUtils.getMostSpecificCause(failure).toString());
        }
    }
}
