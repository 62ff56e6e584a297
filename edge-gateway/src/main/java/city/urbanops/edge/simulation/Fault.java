package city.urbanops.edge.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A fault played between {@code startsAt} (inclusive) and {@code endsAt} (exclusive) on its target: {@code deviceId}
 * for a device fault, {@code gatewayId} or {@code district} for a link fault. {@code gatewayIds} are the gateways whose
 * backhaul it cuts (the district's gateways when it was injected); empty for a device fault.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Fault(String id, FaultKind kind, String deviceId, String gatewayId, String district,
                    List<String> gatewayIds, Instant startsAt, Instant endsAt) implements Disturbance {

    public Fault {
        gatewayIds = List.copyOf(gatewayIds);
    }

    /** Whether this fault cuts the backhaul of {@code gateway} at {@code time}. */
    boolean cuts(String gateway, Instant time) {
        return gatewayIds.contains(gateway) && activeAt(time);
    }

    /** How health and logs name it: kind, target and id. */
    String describe() {
        String target = switch (kind.target()) {
            case DEVICE -> deviceId;
            case GATEWAY -> gatewayId;
            case DISTRICT -> "district " + district;
        };
        return kind + " of " + target + " (" + id + ")";
    }
}
