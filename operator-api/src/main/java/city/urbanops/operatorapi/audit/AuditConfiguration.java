package city.urbanops.operatorapi.audit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The audit log's wiring: its settings, the chain verifier on the application's database, its schedule. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
@EnableScheduling
class AuditConfiguration {

    @Bean
    AuditChainVerifier auditChainVerifier(JdbcClient jdbc, AuditProperties properties) {
        return new AuditChainVerifier(jdbc, properties.verifyBatchSize());
    }
}
