package city.urbanops.ingestion.config;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring shared by every feature: the settings, the clock and the event model's codecs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestionProperties.class)
public class IngestionConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventJson eventJson() {
        return new EventJson();
    }

    @Bean
    EventSchemas eventSchemas() {
        return new EventSchemas();
    }
}
