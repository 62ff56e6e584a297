package city.urbanops.ingestion.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateways connected to this instance, as the gauge {@code urbanops.ingestion.gateways.connected}, each with the
 * time its newest connection was authenticated: that time names the connection in the ids of its status events.
 * Connections are counted per gateway because during a session takeover the new connection starts before the old
 * one ends.
 */
public final class ConnectedGateways {

    private record Connections(int count, Instant since) {
    }

    private final ConcurrentHashMap<String, Connections> connections = new ConcurrentHashMap<>();

    public ConnectedGateways(MeterRegistry meters) {
        Gauge.builder("urbanops.ingestion.gateways.connected", connections, ConcurrentHashMap::size)
                .description("Gateways with an MQTT connection to this instance")
                .register(meters);
    }

    void connected(String gatewayId, Instant since) {
        connections.merge(gatewayId, new Connections(1, since),
                (old, added) -> new Connections(old.count() + 1, added.since()));
    }

    void disconnected(String gatewayId) {
        connections.computeIfPresent(gatewayId,
                (id, old) -> old.count() > 1 ? new Connections(old.count() - 1, old.since()) : null);
    }

    public int count() {
        return connections.size();
    }

    public boolean isConnected(String gatewayId) {
        return connections.containsKey(gatewayId);
    }

    /** When the gateway's newest connection to this instance was authenticated, if it is connected. */
    public Optional<Instant> connectedSince(String gatewayId) {
        return Optional.ofNullable(connections.get(gatewayId)).map(Connections::since);
    }
}
