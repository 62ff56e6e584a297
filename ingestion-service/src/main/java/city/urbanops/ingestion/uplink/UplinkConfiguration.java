package city.urbanops.ingestion.uplink;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.ingestion.config.IngestionProperties;
import city.urbanops.ingestion.registry.RegistryView;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of uplink decoding. */
@Configuration(proxyBeanMethods = false)
class UplinkConfiguration {

    @Bean
    UplinkDecoder uplinkDecoder(EventJson json, EventSchemas schemas, Clock clock, IngestionProperties properties,
                                RegistryView registry) {
        var uplink = properties.uplink();
        return new UplinkDecoder(json, schemas, clock, uplink.maxMessageSize().toBytes(), uplink.maxReadingAge(),
                uplink.maxFutureSkew(), registry);
    }
}
