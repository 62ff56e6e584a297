package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceLifecycle;
import java.util.List;

/** Why the registry refused a change to a device: a value the use case returns, never an exception. */
public sealed interface Refusal {

    /** A one-sentence explanation for the caller. */
    String detail();

    /** The change was made against {@code expected}, but the device is at {@code current} now. */
    record StaleVersion(long expected, long current) implements Refusal {
        @Override
        public String detail() {
            return "The device is at version " + current + ", the change was made against version " + expected
                    + "; read it again and retry.";
        }
    }

    /** The lifecycle does not lead from {@code from} to {@code to}; from {@code from} it leads only to {@code allowed}. */
    record InvalidTransition(DeviceLifecycle from, DeviceLifecycle to, List<DeviceLifecycle> allowed)
            implements Refusal {
        public InvalidTransition {
            allowed = List.copyOf(allowed);
        }

        @Override
        public String detail() {
            return "A device cannot go from " + from + " to " + to + "; from " + from + " it may go to "
                    + (allowed.isEmpty() ? "nothing" : allowed) + ".";
        }
    }

    /**
     * The device's state does not admit the change (for example quarantining a suspended device).
     *
     * @param code a stable problem slug, e.g. {@code not-active}
     */
    record StateConflict(String code, String detail) implements Refusal {
    }

    /** Another device already holds {@code value} in {@code field} (an id or external id). */
    record Duplicate(String field, String value) implements Refusal {
        @Override
        public String detail() {
            return "'" + field + "' " + value + " is already taken by another device.";
        }
    }
}
