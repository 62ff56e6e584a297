package city.urbanops.operatorapi.command;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Commands' settings, and the schedule their outbox relay and expiry sweeper run on. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(CommandProperties.class)
class CommandConfiguration {
}
