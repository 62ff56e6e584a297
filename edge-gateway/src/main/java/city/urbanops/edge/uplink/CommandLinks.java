package city.urbanops.edge.uplink;

import java.util.Map;

/** Each simulated gateway's MQTT connection, shared by its uplink (readings) and its command handling. */
public final class CommandLinks {

    private final Map<String, PahoUplinkTransport> byGateway;

    CommandLinks(Map<String, PahoUplinkTransport> byGateway) {
        this.byGateway = Map.copyOf(byGateway);
    }

    /** The command side of {@code gatewayId}'s connection. */
    public CommandLink of(String gatewayId) {
        return transportOf(gatewayId);
    }

    PahoUplinkTransport transportOf(String gatewayId) {
        var transport = byGateway.get(gatewayId);
        if (transport == null) {
            throw new IllegalArgumentException("no MQTT connection for gateway " + gatewayId);
        }
        return transport;
    }
}
