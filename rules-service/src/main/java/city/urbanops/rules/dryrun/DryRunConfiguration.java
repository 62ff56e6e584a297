package city.urbanops.rules.dryrun;

import city.urbanops.rules.management.RuleCatalog;
import city.urbanops.rules.topology.RulesSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the dry run. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DryRunProperties.class)
class DryRunConfiguration {

    /** {@code settings} is the bean live evaluation runs with ({@code urbanops.rules.*}): both judge alike. */
    @Bean
    DryRunning dryRunning(KafkaProperties kafka, RulesSettings settings, DryRunProperties properties,
                          DryRunGate gate, MeterRegistry meters, ObjectProvider<Clock> clock) {
        return new DryRunning(new HistoryConsumers(kafka.buildConsumerProperties(), properties.kafkaTimeout()),
                settings, properties, gate, new DryRunMetrics(meters),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    DryRunGate dryRunGate(DryRunProperties properties) {
        return new DryRunGate(properties.concurrent());
    }

    /** Stored versions, from rule management. */
    @Bean
    RuleVersionLookup ruleVersionLookup(RuleCatalog catalog) {
        return new CatalogVersions(catalog);
    }
}
