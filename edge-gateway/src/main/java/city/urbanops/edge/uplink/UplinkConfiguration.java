package city.urbanops.edge.uplink;

import city.urbanops.edge.config.EdgeGatewayProperties;
import city.urbanops.edge.simulation.SimulatedCity;
import city.urbanops.events.codec.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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
    Uplinks uplinks(SimulatedCity city, Backhaul backhaul, EdgeGatewayProperties properties, UplinkMetrics metrics,
                    EventJson json, Clock clock) {
        return new Uplinks(city.gatewayIds(),
                gatewayId -> new GatewayUplink(gatewayId, new PahoUplinkTransport(gatewayId,
                        properties.mqtt().secretOf(gatewayId), properties.mqtt()), backhaul,
                        properties.uplink(), metrics, json, clock),
                properties.uplink().batchMaxDelay());
    }

    @Bean
    UplinkHealthIndicator uplinkHealthIndicator(Uplinks uplinks) {
        return new UplinkHealthIndicator(uplinks);
    }
}
