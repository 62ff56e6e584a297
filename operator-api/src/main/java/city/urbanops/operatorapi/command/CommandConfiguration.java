package city.urbanops.operatorapi.command;

import city.urbanops.operatorapi.kafka.RetryUntilApplied;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Commands' settings, the schedule their outbox relay and expiry sweeper run on, the results consumer's retries. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(CommandProperties.class)
class CommandConfiguration {

    /** What still fails after the consumer dead-lettered what it could never apply is retried, never skipped. */
    @Bean(CommandResultConsumer.FAILURE_HANDLING)
    RetryUntilApplied commandConsumerFailureHandling(MeterRegistry meters) {
        return new RetryUntilApplied(meters, "urbanops.commands.results.retries", "a command result");
    }
}
