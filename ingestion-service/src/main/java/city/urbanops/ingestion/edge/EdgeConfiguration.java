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
        var metrics = new EdgeMetrics(meters);
        var mqtt = properties.mqtt();
        long maxStatusBytes = mqtt.maxStatusSize().toBytes();
        var budget = new InFlightBudget(mqtt.inFlightBudget().toBytes(), meters);
        var interceptor = new InboundPublishInterceptor(decoder, telemetry, status, metrics,
                properties.publishTimeout(), budget, maxStatusBytes, new ConnectionCloser());
        var extension = new UrbanOpsExtension(new GatewayAuthenticator(maxStatusBytes, metrics), interceptor,
                lifecycleListener);
        return new MqttEdge(properties, extension);
    }

    @Bean
    MqttEdgeHealthIndicator mqttEdgeHealthIndicator(MqttEdge edge, ConnectedGateways gateways) {
        return new MqttEdgeHealthIndicator(edge, gateways);
    }
}
