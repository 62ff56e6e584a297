package city.urbanops.edge.uplink;

import city.urbanops.edge.config.EdgeGatewayProperties;
import city.urbanops.edge.simulation.SimulatedCity;
import city.urbanops.events.codec.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires one MQTT uplink per gateway of the city. */
@Configuration(proxyBeanMethods = false)
class UplinkConfiguration {

    @Bean
    UplinkMetrics uplinkMetrics(MeterRegistry registry) {
        return new UplinkMetrics(registry);
    }

    @Bean
    CommandLinks commandLinks(SimulatedCity city, EdgeGatewayProperties properties) {
        var links = new LinkedHashMap<String, PahoUplinkTransport>();
        city.gatewayIds().forEach(gatewayId -> links.put(gatewayId, new PahoUplinkTransport(gatewayId,
                properties.mqtt().secretOf(gatewayId), properties.mqtt())));
        return new CommandLinks(links);
    }

    @Bean
    Uplinks uplinks(SimulatedCity city, Backhaul backhaul, EdgeGatewayProperties properties, UplinkMetrics metrics,
                    EventJson json, Clock clock, CommandLinks links) {
        return new Uplinks(city.gatewayIds(),
                gatewayId -> new GatewayUplink(gatewayId, links.transportOf(gatewayId), backhaul,
                        properties.uplink(), metrics, json, clock),
                properties.uplink().batchMaxDelay());
    }

    @Bean
    UplinkHealthIndicator uplinkHealthIndicator(Uplinks uplinks) {
        return new UplinkHealthIndicator(uplinks);
    }
}
