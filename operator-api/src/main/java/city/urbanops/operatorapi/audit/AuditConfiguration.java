package city.urbanops.operatorapi.audit;

import city.urbanops.operatorapi.kafka.RetryUntilApplied;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The audit log's wiring: its settings, the chain verifier on the application's database, its schedule, its
 * consumer's retry policy.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
@EnableScheduling
class AuditConfiguration {

    @Bean
    AuditChainVerifier auditChainVerifier(JdbcClient jdbc, AuditProperties properties) {
        return new AuditChainVerifier(jdbc, properties.verifyBatchSize());
    }

    @Bean
    AuditAnchorReader auditAnchorReader(KafkaProperties kafka, AuditProperties properties) {
        return new AuditAnchorReader(kafka.buildConsumerProperties(), properties.anchorTimeout());
    }

    /** What still fails after the consumer dead-lettered what it could never append is retried, never skipped. */
    @Bean(AuditEventConsumer.FAILURE_HANDLING)
    RetryUntilApplied auditConsumerFailureHandling(MeterRegistry meters) {
        return new RetryUntilApplied(meters, "urbanops.operator.audit.retries", "an audit.events record");
    }
}
