package city.urbanops.edge.uplink;

import java.util.Optional;

/**
 * The link between a gateway and the MQTT endpoint, as far as the gateway cannot help it: the simulation cuts it to
 * play a severed backhaul or a power cut, so the platform can be tested on network faults without breaking a network.
 */
@FunctionalInterface
public interface Backhaul {

    /** A backhaul nothing ever cuts. */
    Backhaul INTACT = gatewayId -> Optional.empty();

    /** Why the link of {@code gatewayId} is cut right now (which fault), or empty while it is intact. */
    Optional<String> cutReason(String gatewayId);
}
