package city.urbanops.alerting.config;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wiring no feature owns: the event model's JSON mapping and schemas, configuration properties, scheduling. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan("city.urbanops.alerting")
@EnableScheduling
public class AlertingConfiguration {

    @Bean
    EventJson eventJson() {
        return new EventJson();
    }

    @Bean
    EventSchemas eventSchemas() {
        return new EventSchemas();
    }
}
