package city.urbanops.registry.connectivity;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires online / offline / stale tracking. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectivityProperties.class)
class ConnectivityConfiguration {

    /** Closed by the context after the consumer stopped (it is {@link AutoCloseable}). */
    @Bean
    @ConditionalOnProperty(name = "urbanops.registry.connectivity.enabled", matchIfMissing = true)
    ActivityDeadLetters activityDeadLetters(KafkaProperties kafka, MeterRegistry meters) {
        return new ActivityDeadLetters(kafka.buildProducerProperties(), meters);
    }

    @Bean
    @ConditionalOnProperty(name = "urbanops.registry.connectivity.enabled", matchIfMissing = true)
    DeviceActivityConsumer deviceActivityConsumer(KafkaProperties kafka, JdbcTemplate jdbc,
                                                  ConnectivityProperties properties, ActivityDeadLetters deadLetters,
                                                  ObjectProvider<Clock> clock, MeterRegistry meters) {
        return new DeviceActivityConsumer(kafka.buildConsumerProperties(),
                new ActivityRepository(jdbc, properties.maxDevicesPerStatement()), properties, deadLetters,
                clock.getIfAvailable(Clock::systemUTC), meters);
    }
}
