package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.triage.Neighbourhood.NeighbourInCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a condition is a real incident: several independent sensors nearby are in it, or one sensor is whose own
 * health gives no reason for doubt. Asked only after {@link DeviceFaultPolicy} found no fault of the device.
 */
final class IncidentPolicy {

    private IncidentPolicy() {
    }

    /** What triage knows of the device's gateway when it judges a single sensor. */
    enum GatewaySeen { ONLINE, OFFLINE, UNKNOWN }

    /** At least {@code needed} neighbours of the same type are in the same rule's condition. */
    static Optional<Verdict> confirmedByNeighbours(DeviceContext device, List<NeighbourInCondition> neighbours,
                                                   int needed, double radius) {
        if (neighbours.size() < needed) {
            return Optional.empty();
        }
        var names = new ArrayList<String>();
        names.add(device.deviceId());
        neighbours.forEach(n -> names.add(n.deviceId()));
        names.sort(null); // by name, so every alert of the same incident lists its sensors alike
        var explanation = "confirmed by " + names.size() + " " + device.deviceType() + " sensors within "
                + Wording.distance(radius) + " (" + Wording.names(names) + ")";
        var signal = new Signal("neighbours-confirm", Wording.names(neighbours.stream()
                .map(n -> n.deviceId() + " at " + Wording.distance(n.metres())).toList())
                + " in the same condition");
        return Optional.of(new Verdict(Cause.INCIDENT, explanation, List.of(signal)));
    }

    /** One sensor, but nothing speaks against it: its values vary, it reports no fault, its gateway is connected. */
    static Verdict singleSensor(DeviceContext device, GatewaySeen gateway, double radius) {
        var gatewayWords = switch (gateway) {
            case ONLINE -> "gateway online";
            case OFFLINE -> "gateway offline (its readings arrived before or after the outage)";
            case UNKNOWN -> "gateway status not seen yet";
        };
        var signals = List.of(
                new Signal("health-good", device.deviceId() + ": no stuck value, impossible jump or self-diagnostic"
                        + " flag"),
                new Signal("gateway-" + gateway.name().toLowerCase(Locale.ROOT),
                        (device.gatewayId() == null ? "no gateway" : device.gatewayId()) + ": " + gatewayWords),
                new Signal("single-sensor", "no " + device.deviceType() + " neighbour within "
                        + Wording.distance(radius) + " confirms it yet"));
        return new Verdict(Cause.INCIDENT, "one sensor, health good: values vary, no diagnostics, " + gatewayWords,
                signals);
    }
}
