package city.urbanops.rules.runtime;

import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the live evaluation: the topology on Kafka Streams, its metrics and its health. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesProperties.class)
class RulesRuntimeConfiguration {

    @Bean
    RulesSettings rulesSettings(RulesProperties properties) {
        return properties.settings();
    }

    @Bean
    RulesMetrics rulesMetrics(MeterRegistry registry) {
        return new MicrometerRulesMetrics(registry);
    }

    @Bean
    RulesStreams rulesStreams(RulesProperties properties,
                              @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
                              RulesMetrics metrics, MeterRegistry registry) {
        return new RulesStreams(properties, bootstrapServers, metrics, registry);
    }

    /** Health contributor {@code rulesStreams} (the bean name less its suffix). */
    @Bean
    RulesStreamsHealth rulesStreamsHealthIndicator(RulesStreams streams) {
        return new RulesStreamsHealth(streams);
    }
}
