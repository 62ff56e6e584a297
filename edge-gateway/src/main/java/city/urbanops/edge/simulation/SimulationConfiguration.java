package city.urbanops.edge.simulation;

import city.urbanops.edge.config.EdgeGatewayProperties;
import city.urbanops.edge.uplink.Uplinks;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the simulated city, its incidents and the ticking simulation. */
@Configuration(proxyBeanMethods = false)
class SimulationConfiguration {

    @Bean
    SimulatedCity simulatedCity(EdgeGatewayProperties properties, Clock clock) {
        var simulation = properties.simulation();
        return new SimulatedCity(CityPlan.devices(simulation), simulation.seed(), clock.millis());
    }

    @Bean
    IncidentBoard incidentBoard(SimulatedCity city, Clock clock) {
        return new IncidentBoard(city::typeOf, clock);
    }

    @Bean
    CitySimulation citySimulation(SimulatedCity city, IncidentBoard incidents, Uplinks uplinks,
                                  EdgeGatewayProperties properties, Clock clock) {
        var simulation = properties.simulation();
        return new CitySimulation(city, incidents, uplinks, simulation.readingInterval(), simulation.incidents(),
                simulation.enabled(), clock);
    }
}
