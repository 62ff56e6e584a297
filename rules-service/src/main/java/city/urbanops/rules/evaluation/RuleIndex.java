package city.urbanops.rules.evaluation;

import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleRelease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled rules arranged for a reading: by the measurement they read, then by the device ids their scope lists or,
 * for a rule that lists none, by the device type it names (or any type), so a reading meets only the few rules that
 * can apply to it instead of every rule: a city with a rule per street's sensors does not walk every street's list
 * for every reading. Absence rules are kept apart: a reading of any measurement feeds an absence rule that names none.
 * Immutable: the device stage builds a new one from the rules store every second, which is how soon a rule change
 * reaches evaluation.
 */
final class RuleIndex {

    private static final String ANY_TYPE = "";

    private final Map<String, RuleRelease> byId;
    private final Map<String, Map<String, List<RuleRelease>>> byMeasurement;
    private final Map<String, Map<String, List<RuleRelease>>> byMeasurementAndDevice;
    private final List<RuleRelease> absences;
    private final Set<String> watched;

    private RuleIndex(Map<String, RuleRelease> byId, Map<String, Map<String, List<RuleRelease>>> byMeasurement,
                      Map<String, Map<String, List<RuleRelease>>> byMeasurementAndDevice, List<RuleRelease> absences) {
        this.byId = byId;
        this.byMeasurement = byMeasurement;
        this.byMeasurementAndDevice = byMeasurementAndDevice;
        this.absences = absences;
        var names = new java.util.HashSet<>(byMeasurement.keySet());
        names.addAll(byMeasurementAndDevice.keySet());
        absences.forEach(release -> release.document().condition().measurementName().ifPresent(names::add));
        this.watched = Set.copyOf(names);
    }

    static RuleIndex of(Iterable<RuleRelease> releases) {
        var byId = new HashMap<String, RuleRelease>();
        var byMeasurement = new HashMap<String, Map<String, List<RuleRelease>>>();
        var byMeasurementAndDevice = new HashMap<String, Map<String, List<RuleRelease>>>();
        var absences = new ArrayList<RuleRelease>();
        for (var release : releases) {
            byId.put(release.ruleId(), release);
            var condition = release.document().condition();
            if (condition instanceof Condition.Absence) {
                absences.add(release);
                continue;
            }
            var measurement = condition.measurementName().orElseThrow();
            var devices = release.document().scope().devices();
            if (!devices.isEmpty()) {
                var byDevice = byMeasurementAndDevice.computeIfAbsent(measurement, name -> new HashMap<>());
                devices.forEach(id -> byDevice.computeIfAbsent(id, d -> new ArrayList<>()).add(release));
                continue;
            }
            var byType = byMeasurement.computeIfAbsent(measurement, name -> new HashMap<>());
            var types = release.document().scope().deviceTypes();
            for (var type : types.isEmpty() ? List.of(ANY_TYPE) : types) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(release);
            }
        }
        return new RuleIndex(Map.copyOf(byId), byMeasurement, byMeasurementAndDevice, List.copyOf(absences));
    }

    static RuleIndex empty() {
        return of(List.of());
    }

    /** The enabled release of a rule, or null when the rule is not enabled. */
    RuleRelease release(String ruleId) {
        return byId.get(ruleId);
    }

    Set<String> ruleIds() {
        return byId.keySet();
    }

    /** The event-time rules (every kind but absence) that read {@code measurement} and cover {@code device}. */
    List<RuleRelease> rulesFor(DeviceRecord device, String measurement) {
        var found = new ArrayList<RuleRelease>();
        var byDevice = byMeasurementAndDevice.get(measurement);
        if (byDevice != null) {
            for (var release : byDevice.getOrDefault(device.deviceId(), List.of())) {
                if (release.document().scope().coversApartFromDeviceIds(device)) {
                    found.add(release);
                }
            }
        }
        var byType = byMeasurement.get(measurement);
        if (byType == null) {
            return found;
        }
        for (var key : device.deviceType() == null ? List.of(ANY_TYPE) : List.of(ANY_TYPE, device.deviceType())) {
            for (var release : byType.getOrDefault(key, List.of())) {
                if (release.document().scope().covers(device)) {
                    found.add(release);
                }
            }
        }
        return found;
    }

    /** The absence rules that cover {@code device}. */
    List<RuleRelease> absencesFor(DeviceRecord device) {
        return absences.stream().filter(release -> release.document().scope().covers(device)).toList();
    }

    /** Whether some enabled rule reads {@code measurement} (its value is then sampled for triage). */
    boolean watches(String measurement) {
        return watched.contains(measurement);
    }
}
