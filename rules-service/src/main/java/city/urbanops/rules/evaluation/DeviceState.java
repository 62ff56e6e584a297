package city.urbanops.rules.evaluation;

import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.rules.topology.Health;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the device stage keeps per device: the event time of the last reading it processed (anything not after it is
 * a re-delivery or out of order), whether it was last seen in quarantine, each measurement's recent readings and
 * health tracking, the device's current faults (keyed {@code signal/measurement}), the rules that keep a condition on it
 * ({@code ruleId|deviceId} entries, found again when its health changes or it is quarantined), when each
 * measurement was last sampled for triage, and its absence rules' watches by rule id (kept here rather than apart, so
 * a reading writes the device's state once).
 */
record DeviceState(Instant lastReadingTime, boolean quarantined, Map<String, Track> tracks,
                   Map<String, Signal> faults, Set<String> trackedRules, Map<String, Instant> sampledAt,
                   Map<String, AbsenceWatch> absences) {

    DeviceState {
        tracks = tracks == null ? Map.of() : Map.copyOf(tracks);
        faults = faults == null ? Map.of() : Map.copyOf(faults);
        trackedRules = trackedRules == null ? Set.of() : Set.copyOf(trackedRules);
        sampledAt = sampledAt == null ? Map.of() : Map.copyOf(sampledAt);
        absences = absences == null ? Map.of() : Map.copyOf(absences);
    }

    static DeviceState first() {
        return new DeviceState(null, false, null, null, null, null, null);
    }

    /** The faults as triage sees them, in a stable order. */
    Health health() {
        return new Health(List.copyOf(new TreeMap<>(faults).values()));
    }

    /** The newest readings across all measurements, oldest first, at most {@code limit}. */
    List<EvidenceReading> recentReadings(int limit) {
        var all = tracks.values().stream().flatMap(track -> track.recent().stream())
                .sorted(java.util.Comparator.comparing(EvidenceReading::time)).toList();
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    List<EvidenceReading> recentReadings(String measurement) {
        var track = tracks.get(measurement);
        return track == null ? List.of() : track.recent();
    }

    DeviceState withTrackedRule(String ruleId, boolean tracked) {
        if (trackedRules.contains(ruleId) == tracked) {
            return this;
        }
        var rules = new TreeSet<>(trackedRules);
        if (tracked) {
            rules.add(ruleId);
        } else {
            rules.remove(ruleId);
        }
        return new DeviceState(lastReadingTime, quarantined, tracks, faults, rules, sampledAt, absences);
    }

    DeviceState withoutTrackedRules() {
        return new DeviceState(lastReadingTime, quarantined, tracks, faults, null, sampledAt, absences);
    }

    DeviceState seen(Instant readingTime, boolean inQuarantine) {
        return new DeviceState(readingTime, inQuarantine, tracks, faults, trackedRules, sampledAt, absences);
    }

    /** The same state with its absence watches (by rule id) replaced. */
    DeviceState withAbsences(Map<String, AbsenceWatch> watches) {
        return new DeviceState(lastReadingTime, quarantined, tracks, faults, trackedRules, sampledAt, watches);
    }

    /**
     * One measurement's history as far as health and evidence need it.
     *
     * @param recent      the last few readings, oldest first (evidence)
     * @param runValue    the value of the current run of identical readings, {@code runCount} long, since
     *                    {@code runSince}
     * @param lastTime    event time of the previous numeric reading, with its {@code lastValue}
     * @param trustedValue while an impossible jump is a fault: the value before the jump, which the measurement must
     *                    come back near for the fault to end
     */
    record Track(List<EvidenceReading> recent, Double runValue, int runCount, Instant runSince, Instant lastTime,
                 Double lastValue, Double trustedValue) {
        Track {
            recent = recent == null ? List.of() : List.copyOf(recent);
        }

        static Track empty() {
            return new Track(null, null, 0, null, null, null, null);
        }
    }
}
