package city.urbanops.ingestion.status;

import city.urbanops.events.codec.EventJson;
import city.urbanops.ingestion.config.IngestionProperties;
import city.urbanops.ingestion.publishing.KafkaRecordSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of gateway status reporting. */
@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    @Bean
    ConnectedGateways connectedGateways(MeterRegistry meters) {
        return new ConnectedGateways(meters);
    }

    @Bean
    GatewayStatusPublisher gatewayStatusPublisher(KafkaRecordSender sender, EventJson json, Clock clock,
                                                  ConnectedGateways connectedGateways,
                                                  IngestionProperties properties, MeterRegistry meters) {
        return new GatewayStatusPublisher(sender, json, clock, connectedGateways, properties.instanceId(),
                properties.source(), meters);
    }

    @Bean
    GatewayConnectivityListener gatewayConnectivityListener(GatewayStatusPublisher publisher,
                                                            ConnectedGateways connectedGateways) {
        return new GatewayConnectivityListener(publisher, connectedGateways);
    }
}
