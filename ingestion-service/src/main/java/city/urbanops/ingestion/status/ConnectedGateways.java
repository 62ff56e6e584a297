package city.urbanops.ingestion.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateways connected to this instance, as the gauge {@code urbanops.ingestion.gateways.connected}. Connections
 * are counted per gateway because during a session takeover the new connection starts before the old one ends.
 */
public final class ConnectedGateways {

    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();

    public ConnectedGateways(MeterRegistry meters) {
        Gauge.builder("urbanops.ingestion.gateways.connected", connections, ConcurrentHashMap::size)
                .description("Gateways with an MQTT connection to this instance")
                .register(meters);
    }

    void connected(String gatewayId) {
        connections.merge(gatewayId, 1, Integer::sum);
    }

    void disconnected(String gatewayId) {
        connections.computeIfPresent(gatewayId, (id, count) -> count > 1 ? count - 1 : null);
    }

    public int count() {
        return connections.size();
    }

    public boolean isConnected(String gatewayId) {
        return connections.containsKey(gatewayId);
    }
}
