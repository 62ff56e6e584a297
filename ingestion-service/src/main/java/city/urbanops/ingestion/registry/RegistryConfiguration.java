package city.urbanops.ingestion.registry;

import city.urbanops.events.codec.EventJson;
import city.urbanops.ingestion.config.IngestionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the registry view. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    RegistryView registryView(MeterRegistry meters) {
        return new RegistryView(meters);
    }

    @Bean
    RegistryViewLoader registryViewLoader(RegistryView view, EventJson json, IngestionProperties properties,
                                          MeterRegistry meters) {
        return new RegistryViewLoader(view, json, properties.kafka().bootstrapServers(),
                properties.registry().groupId(), "registry-view-" + properties.instanceId(), meters);
    }

    @Bean
    RegistryViewHealthIndicator registryViewHealthIndicator(RegistryView view) {
        return new RegistryViewHealthIndicator(view);
    }
}
