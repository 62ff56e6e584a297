package city.urbanops.edge.simulation;

import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays STUCK_SENSOR faults: while one is active on a device, each numeric measurement repeats, reading after reading,
 * the exact value the device last reported before the fault began (or its first reading under the fault when it had
 * reported nothing yet). Boolean and text measurements go on as they are. Not thread-safe: the simulation reads every
 * device from one thread.
 */
final class StuckSensors {

    private record Frozen(String faultId, Map<String, Double> values) {
    }

    private final Map<String, List<Measurement>> lastReported = new HashMap<>();
    private final Map<String, Frozen> frozen = new HashMap<>();

    /** {@code fresh} as the device reports it: unchanged, or with its numeric values held by {@code stuck}. */
    Reading apply(Reading fresh, Optional<Fault> stuck) {
        String deviceId = fresh.deviceId();
        if (stuck.isEmpty()) {
            frozen.remove(deviceId);
            lastReported.put(deviceId, fresh.measurements());
            return fresh;
        }
        Frozen held = frozen.get(deviceId);
        if (held == null || !held.faultId().equals(stuck.get().id())) {
            held = new Frozen(stuck.get().id(), numericValues(lastReported.getOrDefault(deviceId, fresh.measurements())));
            frozen.put(deviceId, held);
        }
        Map<String, Double> values = held.values();
        List<Measurement> measurements = fresh.measurements().stream()
                .map(m -> m.value() != null && values.containsKey(m.name())
                        ? Measurement.numeric(m.name(), m.unit(), values.get(m.name())) : m)
                .toList();
        lastReported.put(deviceId, measurements);
        return new Reading(deviceId, fresh.time(), fresh.seq(), fresh.eventClass(), measurements);
    }

    private static Map<String, Double> numericValues(List<Measurement> measurements) {
        var values = new LinkedHashMap<String, Double>();
        measurements.stream().filter(m -> m.value() != null).forEach(m -> values.put(m.name(), m.value()));
        return values;
    }
}
