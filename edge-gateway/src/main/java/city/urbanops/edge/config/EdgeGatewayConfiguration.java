package city.urbanops.edge.config;

import city.urbanops.events.codec.EventJson;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring shared by the features: settings, the clock and the event model's JSON mapping. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeGatewayProperties.class)
class EdgeGatewayConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventJson eventJson() {
        return new EventJson();
    }
}
