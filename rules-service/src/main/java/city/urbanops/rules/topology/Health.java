package city.urbanops.rules.topology;

import city.urbanops.events.alert.AlertEvent.Signal;
import java.util.List;

/**
 * What a device's own readings say about the device: the faults seen (stuck value, impossible jump, self-diagnostic
 * flag), each as a triage signal. No fault means its health signals are good: a condition it reports is believed.
 */
public record Health(List<Signal> faults) {

    public Health {
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    public static Health good() {
        return new Health(List.of());
    }

    public boolean faulty() {
        return !faults.isEmpty();
    }
}
