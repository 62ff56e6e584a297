package city.urbanops.registry.lifecycle;

import static city.urbanops.events.registry.DeviceLifecycle.ACTIVE;
import static city.urbanops.events.registry.DeviceLifecycle.DECOMMISSIONED;
import static city.urbanops.events.registry.DeviceLifecycle.PROVISIONED;
import static city.urbanops.events.registry.DeviceLifecycle.REVOKED;
import static city.urbanops.events.registry.DeviceLifecycle.SUSPENDED;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.registry.device.HistoryAction;
import city.urbanops.registry.device.Refusal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which lifecycle transitions exist. An identity is activated once provisioned, suspended and resumed while in
 * service, revoked when it must never speak again, and decommissioned at the end. Revoked and decommissioned
 * identities never return to ACTIVE: a device back in service gets a new identity.
 */
public final class LifecyclePolicy {

    private static final Map<DeviceLifecycle, List<DeviceLifecycle>> ALLOWED = new EnumMap<>(Map.of(
            PROVISIONED, List.of(ACTIVE, DECOMMISSIONED),
            ACTIVE, List.of(SUSPENDED, REVOKED),
            SUSPENDED, List.of(ACTIVE, REVOKED, DECOMMISSIONED),
            REVOKED, List.of(DECOMMISSIONED),
            DECOMMISSIONED, List.of()));

    private LifecyclePolicy() {
    }

    /** Where a device in {@code from} may go. */
    public static List<DeviceLifecycle> allowedFrom(DeviceLifecycle from) {
        return ALLOWED.get(from);
    }

    /** Empty when {@code from → to} is allowed, else the refusal naming both and the allowed targets. */
    public static Optional<Refusal.InvalidTransition> check(DeviceLifecycle from, DeviceLifecycle to) {
        return allowedFrom(from).contains(to) ? Optional.empty()
                : Optional.of(new Refusal.InvalidTransition(from, to, allowedFrom(from)));
    }

    /** The history's name for arriving in {@code to} from {@code from}. */
    public static HistoryAction action(DeviceLifecycle from, DeviceLifecycle to) {
        return switch (to) {
            case ACTIVE -> from == SUSPENDED ? HistoryAction.RESUMED : HistoryAction.ACTIVATED;
            case SUSPENDED -> HistoryAction.SUSPENDED;
            case REVOKED -> HistoryAction.REVOKED;
            case DECOMMISSIONED -> HistoryAction.DECOMMISSIONED;
            case PROVISIONED -> throw new IllegalArgumentException("nothing leads back to PROVISIONED");
        };
    }
}
