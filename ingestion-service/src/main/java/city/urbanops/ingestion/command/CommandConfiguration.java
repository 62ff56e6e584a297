package city.urbanops.ingestion.command;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.ingestion.config.IngestionProperties;
import city.urbanops.ingestion.publishing.KafkaRecordSender;
import city.urbanops.ingestion.status.ConnectedGateways;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the command relay: consumer, dispatcher, results and the gateways' acks. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSettings.class)
class CommandConfiguration {

    @Bean
    CommandResults commandResults(KafkaRecordSender sender, EventJson json, IngestionProperties properties) {
        return new CommandResults(sender, json, properties.source());
    }

    @Bean
    CommandRecords commandRecords(EventJson json, EventSchemas schemas) {
        return new CommandRecords(json, schemas);
    }

    @Bean
    CommandDispatcher commandDispatcher(CommandSettings settings, CommandResults results, ConnectedGateways gateways,
                                        IngestionProperties properties, Clock clock, MeterRegistry meters) {
        return new CommandDispatcher(settings, results, gateways::isConnected, properties.instanceId(), clock, meters);
    }

    @Bean
    GatewayAcks gatewayAcks(CommandRecords records, CommandResults results, CommandDispatcher dispatcher,
                            CommandSettings settings, Clock clock) {
        return new GatewayAcks(records, results, dispatcher.metrics(), settings.maxAckSize().toBytes(), clock);
    }

    @Bean
    CommandRelay commandRelay(CommandDispatcher dispatcher, CommandRecords records, CommandResults results,
                              CommandSettings settings, IngestionProperties properties) {
        return new CommandRelay(dispatcher, records, results, settings, properties.kafka().bootstrapServers(),
                properties.instanceId());
    }
}
