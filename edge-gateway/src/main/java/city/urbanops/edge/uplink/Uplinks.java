package city.urbanops.edge.uplink;

import city.urbanops.events.uplink.Reading;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.context.SmartLifecycle;

/**
 * Every gateway's uplink: started before the simulation produces readings and closed after it stopped, so the last
 * readings are still batched and sent.
 */
public final class Uplinks implements SmartLifecycle {

    /** Starts before and stops after {@code CitySimulation}. */
    public static final int PHASE = 0;

    private final Map<String, GatewayUplink> byGateway = new LinkedHashMap<>();
    private final Duration flushCheck;
    private ScheduledExecutorService flusher;
    private volatile boolean running;

    public Uplinks(List<String> gatewayIds, Function<String, GatewayUplink> uplinkOfGateway, Duration batchMaxDelay) {
        gatewayIds.forEach(id -> byGateway.put(id, uplinkOfGateway.apply(id)));
        long millis = Math.clamp(batchMaxDelay.toMillis() / 10, 10, 250);
        this.flushCheck = Duration.ofMillis(millis);
    }

    /** Hands readings of {@code gatewayId}'s devices to its uplink. */
    public void submit(String gatewayId, List<Reading> readings) {
        GatewayUplink uplink = byGateway.get(gatewayId);
        if (uplink == null) {
            throw new IllegalArgumentException("no uplink for gateway " + gatewayId);
        }
        uplink.submit(readings);
    }

    public Collection<GatewayUplink> all() {
        return byGateway.values();
    }

    @Override
    public void start() {
        byGateway.values().forEach(GatewayUplink::start);
        flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("uplink-flush").daemon().factory());
        flusher.scheduleWithFixedDelay(() -> byGateway.values().forEach(GatewayUplink::flushDue),
                flushCheck.toMillis(), flushCheck.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (flusher != null) {
            flusher.shutdownNow();
        }
        // Gateways drain in parallel so shutdown takes one drain period, not one per gateway.
        List<Thread> closing = byGateway.values().stream()
                .map(uplink -> Thread.ofPlatform().name("uplink-close-" + uplink.gatewayId()).start(uplink::close))
                .toList();
        for (Thread thread : closing) {
            try {
                thread.join();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
