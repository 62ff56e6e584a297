package city.urbanops.edge.command;

import city.urbanops.edge.simulation.SimulatedCity;
import city.urbanops.edge.uplink.CommandLinks;
import city.urbanops.events.codec.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires each simulated gateway's command handling to its MQTT connection. */
@Configuration(proxyBeanMethods = false)
class CommandConfiguration {

    /** Command ids remembered per gateway, so a copy is answered with its first outcome. */
    static final int MAX_REMEMBERED = 10_000;
    /** Answers waiting per gateway while it is disconnected. */
    static final int MAX_QUEUED_ACKS = 1_000;

    /** Every gateway's command handling, listening on its connection before the uplinks connect. */
    @Bean
    CommandAckSender commandAckSender(SimulatedCity city, CommandLinks links, EventJson json, Clock clock,
                                      MeterRegistry meters) {
        List<GatewayCommands> gateways = city.gatewayIds().stream().map(gatewayId -> {
            var commands = new GatewayCommands(gatewayId, city, json, clock, MAX_REMEMBERED, MAX_QUEUED_ACKS, meters);
            links.of(gatewayId).onCommand(commands::arrived);
            return commands;
        }).toList();
        return new CommandAckSender(gateways, links::of, json, Duration.ofMillis(100));
    }
}
