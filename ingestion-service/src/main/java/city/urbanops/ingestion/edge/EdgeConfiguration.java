package city.urbanops.ingestion.edge;

import city.urbanops.ingestion.config.IngestionProperties;
import city.urbanops.ingestion.publishing.TelemetryPublisher;
import city.urbanops.ingestion.status.ConnectedGateways;
import city.urbanops.ingestion.status.GatewayConnectivityListener;
import city.urbanops.ingestion.status.GatewayStatusPublisher;
import city.urbanops.ingestion.uplink.UplinkDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the embedded MQTT broker and its UrbanOps extension. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    @Bean
    MqttEdge mqttEdge(IngestionProperties properties, UplinkDecoder decoder, TelemetryPublisher telemetry,
                      GatewayStatusPublisher status, GatewayConnectivityListener lifecycleListener,
                      MeterRegistry meters) {
        var budget = new InFlightBudget(properties.mqtt().inFlightBudget().toBytes(), meters);
        var interceptor = new InboundPublishInterceptor(decoder, telemetry, status, new EdgeMetrics(meters),
                properties.publishTimeout(), budget);
        var extension = new UrbanOpsExtension(new GatewayAuthenticator(), interceptor, lifecycleListener);
        return new MqttEdge(properties, extension);
    }

    @Bean
    MqttEdgeHealthIndicator mqttEdgeHealthIndicator(MqttEdge edge, ConnectedGateways gateways) {
        return new MqttEdgeHealthIndicator(edge, gateways);
    }
}
