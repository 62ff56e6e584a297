package city.urbanops.rules.dryrun;

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

    /**
     * The live topology's settings when the service defines them (the same bean drives both), else the topology's
     * defaults, which is what live evaluation runs with until the service configures otherwise.
     */
    @Bean
    DryRunning dryRunning(KafkaProperties kafka, ObjectProvider<RulesSettings> settings, DryRunProperties properties,
                          DryRunGate gate, MeterRegistry meters, ObjectProvider<Clock> clock) {
        return new DryRunning(new HistoryConsumers(kafka.buildConsumerProperties(), properties.kafkaTimeout()),
                settings.getIfAvailable(RulesSettings::defaults), properties, gate, new DryRunMetrics(meters),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    DryRunGate dryRunGate(DryRunProperties properties) {
        return new DryRunGate(properties.concurrent());
    }

    /**
     * Rule versions as the rules topic has them: only the version in force of each rule can be dry-run through it.
     * Rule management's catalog of stored versions replaces it where it is wired.
     */
    @Bean
    RuleVersionLookup rulesTopicLookup(KafkaProperties kafka, DryRunProperties properties) {
        return new RulesTopicLookup(new HistoryConsumers(kafka.buildConsumerProperties(), properties.kafkaTimeout()));
    }
}
