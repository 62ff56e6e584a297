package city.urbanops.edge.simulation;

import city.urbanops.edge.config.EdgeGatewayProperties;
import city.urbanops.edge.uplink.Uplinks;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the simulated city, its incidents and faults (the faults are also every uplink's backhaul) and the ticking simulation. */
@Configuration(proxyBeanMethods = false)
class SimulationConfiguration {

    @Bean
    SimulatedCity simulatedCity(EdgeGatewayProperties properties, Clock clock) {
        var simulation = properties.simulation();
        var devices = CityPlan.devices(simulation);
        return new SimulatedCity(devices, CityPlan.districts(simulation, CityPlan.gatewayIdsOf(devices)),
                simulation.seed(), clock.millis());
    }

    @Bean
    IncidentBoard incidentBoard(SimulatedCity city, Clock clock) {
        return new IncidentBoard(city::typeOf, clock);
    }

    @Bean
    FaultBoard faultBoard(SimulatedCity city, Clock clock) {
        return new FaultBoard(city, clock);
    }

    @Bean
    CitySimulation citySimulation(SimulatedCity city, IncidentBoard incidents, FaultBoard faults, Uplinks uplinks,
                                  EdgeGatewayProperties properties, Clock clock) {
        var simulation = properties.simulation();
        return new CitySimulation(city, incidents, faults, uplinks, simulation.readingInterval(), simulation.incidents(),
                simulation.enabled(), clock);
    }
}
