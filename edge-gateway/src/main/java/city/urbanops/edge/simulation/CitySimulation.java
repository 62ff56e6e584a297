package city.urbanops.edge.simulation;

import city.urbanops.edge.config.EdgeGatewayProperties.PlannedIncident;
import city.urbanops.edge.uplink.Uplinks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Reads every simulated device once per interval (but none without power) and hands the readings to its gateway's uplink. */
public final class CitySimulation implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CitySimulation.class);

    private final SimulatedCity city;
    private final IncidentBoard incidents;
    private final FaultBoard faults;
    private final Uplinks uplinks;
    private final Duration interval;
    private final List<PlannedIncident> plannedIncidents;
    private final boolean enabled;
    private final Clock clock;
    private ScheduledExecutorService ticker;
    private volatile boolean running;

    public CitySimulation(SimulatedCity city, IncidentBoard incidents, FaultBoard faults, Uplinks uplinks,
                          Duration interval, List<PlannedIncident> plannedIncidents, boolean enabled, Clock clock) {
        this.city = city;
        this.incidents = incidents;
        this.faults = faults;
        this.uplinks = uplinks;
        this.interval = interval;
        this.plannedIncidents = plannedIncidents;
        this.enabled = enabled;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        if (!enabled) {
            log.info("Simulation disabled (urbanops.edge.simulation.enabled=false)");
            return;
        }
        for (PlannedIncident planned : plannedIncidents) {
            switch (incidents.inject(planned.deviceId(), planned.kind(), planned.startAfter(), planned.duration())) {
                case IncidentBoard.Injection.Injected injected -> log.info("Planned incident {}", injected.incident());
                case IncidentBoard.Injection.UnknownDevice unknown -> throw new IllegalStateException(
                        "planned incident on unknown device " + unknown.deviceId());
                case IncidentBoard.Injection.WrongDeviceType wrong -> throw new IllegalStateException(
                        "planned incident " + wrong.kind() + " does not apply to " + wrong.deviceId() + " (" + wrong.actual() + ")");
            }
        }
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("city-simulation").daemon().factory());
        ticker.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Simulating {} devices on {} gateways every {}", city.devices().size(), city.gatewayIds().size(), interval);
    }

    private void tick() {
        try {
            var now = clock.instant();
            for (String gatewayId : city.gatewayIds()) {
                var readings = city.readGateway(gatewayId, now, incidents, faults);
                if (!readings.isEmpty()) {
                    uplinks.submit(gatewayId, readings);
                }
            }
        } catch (RuntimeException failure) {
            // A scheduled task that throws is never run again: log and keep simulating.
            log.error("Simulation tick failed", failure);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdown();
            try {
                if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
                    ticker.shutdownNow();
                }
            } catch (InterruptedException interrupted) {
                ticker.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Uplinks.PHASE + 1;
    }
}
