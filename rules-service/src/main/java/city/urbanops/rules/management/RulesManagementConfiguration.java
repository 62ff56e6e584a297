package city.urbanops.rules.management;

import city.urbanops.rules.audit.AuditLog;
import city.urbanops.rules.registry.RegistryVocabulary;
import city.urbanops.security.bounds.RequestBodyLimit;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wiring of rule management: the changes, the relay to the rules topic, the request body bound. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesManagementProperties.class)
class RulesManagementConfiguration {

    @Bean
    RuleReleaseRelay ruleReleaseRelay(RuleReleaseOutbox outbox, RuleRepository rules, JdbcTemplate jdbc,
                                      PlatformTransactionManager transactions, KafkaProperties kafka,
                                      RulesManagementProperties properties, RuleMetrics metrics,
                                      ObjectProvider<Clock> clock) {
        return new RuleReleaseRelay(outbox, rules, jdbc, new TransactionTemplate(transactions),
                kafka.buildProducerProperties(), properties.relay(), metrics, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ChangingRules changingRules(RuleRepository rules, RuleReleaseOutbox outbox, RuleDocumentCodec documents,
                                RegistryVocabulary vocabulary, PlatformTransactionManager transactions,
                                RuleMetrics metrics, RuleReleaseRelay relay, RulesManagementProperties properties,
                                ObjectProvider<Clock> clock, AuditLog audit) {
        return new ChangingRules(rules, outbox, documents, vocabulary, new TransactionTemplate(transactions), metrics,
                relay::nudge, properties.maxVersionsPerRule(), clock.getIfAvailable(Clock::systemUTC), audit);
    }

    /** Every API request body within {@code max-request-bytes}; after security, so a stranger gets 401 whatever the size. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(RulesManagementProperties properties) {
        return RequestBodyLimit.of(properties.maxRequestBytes()).registration("/api/*");
    }
}
