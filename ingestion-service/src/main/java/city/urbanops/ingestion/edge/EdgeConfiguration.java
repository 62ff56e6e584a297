package city.urbanops.ingestion.edge;

import city.urbanops.ingestion.command.CommandDispatcher;
import city.urbanops.ingestion.command.GatewayAcks;
import city.urbanops.events.codec.EventJson;
import city.urbanops.ingestion.config.IngestionProperties;
import city.urbanops.ingestion.publishing.TelemetryPublisher;
import city.urbanops.ingestion.registry.RegistryView;
import city.urbanops.ingestion.status.ConnectedGateways;
import city.urbanops.ingestion.status.GatewayConnectivityListener;
import city.urbanops.ingestion.status.GatewayStatusPublisher;
import city.urbanops.ingestion.uplink.UplinkDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the embedded MQTT broker and its UrbanOps extension. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    @Bean
    MqttEdge mqttEdge(IngestionProperties properties, UplinkDecoder decoder, TelemetryPublisher telemetry,
                      GatewayStatusPublisher status, GatewayConnectivityListener lifecycleListener,
                      RegistryView registry, Clock clock, MeterRegistry meters, GatewayAcks acks,
                      CommandDispatcher commands, EventJson json) {
        var metrics = new EdgeMetrics(meters);
        var mqtt = properties.mqtt();
        long maxStatusBytes = mqtt.maxStatusSize().toBytes();
        var budget = new InFlightBudget(mqtt.inFlightBudget().toBytes(), meters);
        var connections = new ConnectionCloser();
        var interceptor = new InboundPublishInterceptor(decoder, telemetry, status, metrics,
                properties.publishTimeout(), budget, maxStatusBytes, connections, acks, commands);
        var admitted = new AdmittedGateways(registry, clock, connections, meters);
        registry.addCredentialsListener(admitted);
        var authenticator = new GatewayAuthenticator(maxStatusBytes, metrics, registry, admitted, clock,
                properties.registry().connectWait());
        var extension = new UrbanOpsExtension(authenticator, new GatewayAuthorizer(metrics), admitted, interceptor,
                lifecycleListener, commands, json);
        return new MqttEdge(properties, extension);
    }

    @Bean
    MqttEdgeHealthIndicator mqttEdgeHealthIndicator(MqttEdge edge, ConnectedGateways gateways) {
        return new MqttEdgeHealthIndicator(edge, gateways);
    }
}
