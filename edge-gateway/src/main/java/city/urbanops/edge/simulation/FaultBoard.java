package city.urbanops.edge.simulation;

import city.urbanops.edge.uplink.Backhaul;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults injected into the simulated city over REST; thread-safe. It is also the city's {@link Backhaul}: the
 * uplinks ask it whether a gateway's link is cut right now.
 */
public final class FaultBoard implements Backhaul {

    /** What became of a request to inject a fault. */
    public sealed interface Injection {
        record Injected(Fault fault) implements Injection {
        }

        /** The target named does not exist in the simulated city; {@code known} lists the valid ones for districts. */
        record UnknownTarget(FaultKind kind, String name, Set<String> known) implements Injection {
        }

        /** The target exists but the fault cannot be played on it, for {@code reason}. */
        record NotApplicable(FaultKind kind, String name, String reason) implements Injection {
        }
    }

    private final SimulatedCity city;
    private final Clock clock;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    public FaultBoard(SimulatedCity city, Clock clock) {
        this.city = city;
        this.clock = clock;
    }

    /** Plays {@code kind} on {@code target} (a device id, gateway id or district) from {@code startAfter} from now. */
    public Injection inject(FaultKind kind, String target, Duration startAfter, Duration duration) {
        Instant start = clock.instant().plus(startAfter);
        String id = UUID.randomUUID().toString();
        return switch (kind.target()) {
            case DEVICE -> onDevice(kind, target, id, start, duration);
            case GATEWAY -> onGateway(kind, target, id, start, duration);
            case DISTRICT -> onDistrict(kind, target, id, start, duration);
        };
    }

    private Injection onDevice(FaultKind kind, String deviceId, String id, Instant start, Duration duration) {
        Optional<DeviceType> type = city.typeOf(deviceId);
        if (type.isEmpty()) {
            return city.hasGateway(deviceId)
                    ? new Injection.NotApplicable(kind, deviceId, deviceId + " is a gateway; " + kind
                            + " applies to a device")
                    : new Injection.UnknownTarget(kind, deviceId, Set.of());
        }
        if (!type.get().hasNumericMeasurements()) {
            return new Injection.NotApplicable(kind, deviceId, deviceId + " is a " + type.get() + " and reports "
                    + type.get().measurementNames() + ", none of them numeric; " + kind + " needs a numeric one");
        }
        return added(new Fault(id, kind, deviceId, null, null, List.of(), start, start.plus(duration)));
    }

    private Injection onGateway(FaultKind kind, String gatewayId, String id, Instant start, Duration duration) {
        if (!city.hasGateway(gatewayId)) {
            return city.typeOf(gatewayId).isPresent()
                    ? new Injection.NotApplicable(kind, gatewayId, gatewayId + " is a device; " + kind
                            + " applies to a gateway")
                    : new Injection.UnknownTarget(kind, gatewayId, Set.of());
        }
        return added(new Fault(id, kind, null, gatewayId, null, List.of(gatewayId), start, start.plus(duration)));
    }

    private Injection onDistrict(FaultKind kind, String district, String id, Instant start, Duration duration) {
        List<String> gateways = city.gatewaysIn(district);
        if (gateways.isEmpty()) {
            return new Injection.UnknownTarget(kind, district, city.districts());
        }
        return added(new Fault(id, kind, null, null, district, gateways, start, start.plus(duration)));
    }

    private Injection added(Fault fault) {
        faults.put(fault.id(), fault);
        return new Injection.Injected(fault);
    }

    /** The STUCK_SENSOR fault playing on {@code deviceId} at {@code time}, if any. */
    public Optional<Fault> stuckOn(String deviceId, Instant time) {
        return faults.values().stream()
                .filter(fault -> fault.kind() == FaultKind.STUCK_SENSOR && fault.deviceId().equals(deviceId)
                        && fault.activeAt(time))
                .min(Comparator.comparing(Fault::startsAt));
    }

    /** Whether a POWER_LOSS leaves {@code gatewayId} and its devices without power at {@code time}. */
    public boolean powerOut(String gatewayId, Instant time) {
        return faults.values().stream()
                .anyMatch(fault -> fault.kind() == FaultKind.POWER_LOSS && fault.cuts(gatewayId, time));
    }

    @Override
    public Optional<String> cutReason(String gatewayId) {
        Instant now = clock.instant();
        return faults.values().stream()
                .filter(fault -> fault.cuts(gatewayId, now))
                .min(Comparator.comparing(Fault::startsAt))
                .map(Fault::describe);
    }

    /** Faults that are playing or still to come, oldest first; finished ones are forgotten. */
    public List<Fault> current() {
        Instant now = clock.instant();
        faults.values().removeIf(fault -> !fault.endsAt().isAfter(now));
        return faults.values().stream().sorted(Comparator.comparing(Fault::startsAt)).toList();
    }

    /** Ends a fault now; false if there is no such fault. */
    public boolean end(String faultId) {
        return faults.remove(faultId) != null;
    }
}
