package city.urbanops.registry.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Wires the outbox relay and its health indicator. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxRelayProperties.class)
class OutboxRelayConfiguration {

    @Bean
    OutboxRelay outboxRelay(JdbcTemplate jdbc, DataSource dataSource, KafkaProperties kafka,
                            OutboxRelayProperties properties, ObjectProvider<Clock> clock, MeterRegistry meters) {
        // The lock's session is a connection of its own, outside the pool, held for as long as this replica relays.
        var lockSessions = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
        return new OutboxRelay(new OutboxRepository(jdbc), new RelayLeadership(lockSessions),
                kafka.buildProducerProperties(), kafka.buildConsumerProperties(), properties,
                clock.getIfAvailable(Clock::systemUTC), meters);
    }

    @Bean
    OutboxRelayHealthIndicator outboxRelayHealthIndicator(OutboxRelay relay, OutboxRelayProperties properties,
                                                          ObjectProvider<Clock> clock) {
        return new OutboxRelayHealthIndicator(relay::status, properties.downAfter(), clock.getIfAvailable(Clock::systemUTC));
    }
}
