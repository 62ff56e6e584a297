package city.urbanops.rules.evaluation;

import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.events.uplink.MeasurementCatalog;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a device's own health from its readings, apart from any rule: a stuck value, an impossible jump, a
 * self-diagnostic flag. Each fault is a triage signal with a stable name and a detail a person can read; the detail
 * is written when the fault appears and kept while it lasts, so a fault that simply goes on is no change.
 */
final class HealthWatch {

    static final String STUCK = "stuck-value";
    static final String JUMP = "impossible-jump";
    static final String SELF_DIAGNOSTIC = "self-diagnostic";

    /**
     * Measurements whose sensors always carry noise, so a run of identical values means the sensor stopped measuring.
     * Counts, states, levels a device sets itself (dimming, fill level), speeds and positions legitimately repeat.
     */
    static final Set<String> NOISY = Set.of("temperature", "humidity", "pm2_5", "pm10", "no2", "noise",
            "water_level");

    /**
     * Measurements of continuous physical quantities, the only ones an impossible jump is looked for in. A bin is
     * emptied at once (fill level), a lamp is switched (dimming), traffic stops (counts, speed), a charger starts
     * (power) and a lorry passes (noise): those jump for real.
     */
    static final Set<String> CONTINUOUS = Set.of("temperature", "humidity", "pm2_5", "pm10", "no2", "water_level");

    /**
     * Two consecutive readings closer together than this that differ by more than half the measurement's physical
     * range are an impossible jump: no street-level quantity crosses half its sensor's range within a minute.
     */
    static final Duration JUMP_WITHIN = Duration.ofMinutes(1);

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final int stuckReadings;
    private final Duration stuckFor;
    private final int evidenceReadings;

    HealthWatch(int stuckReadings, Duration stuckFor, int evidenceReadings) {
        this.stuckReadings = stuckReadings;
        this.stuckFor = stuckFor;
        this.evidenceReadings = evidenceReadings;
    }

    /**
     * Takes one usable reading of one measurement into its track and updates {@code faults} (a mutable copy, keyed
     * {@code signal/measurement}); returns the new track.
     */
    DeviceState.Track observe(DeviceState.Track track, EvidenceReading reading, Map<String, Signal> faults) {
        var recent = new ArrayList<>(track.recent());
        recent.add(reading);
        while (recent.size() > evidenceReadings) {
            recent.removeFirst();
        }
        var next = new DeviceState.Track(recent, track.runValue(), track.runCount(), track.runSince(),
                track.lastTime(), track.lastValue(), track.trustedValue());
        selfDiagnostic(reading, faults);
        if (reading.value() == null) {
            return next;
        }
        return jump(stuck(next, reading, faults), reading, faults);
    }

    private DeviceState.Track stuck(DeviceState.Track track, EvidenceReading reading, Map<String, Signal> faults) {
        String measurement = reading.measurement();
        if (!NOISY.contains(measurement)) {
            return track;
        }
        String key = STUCK + "/" + measurement;
        double value = reading.value();
        if (track.runValue() == null || track.runValue() != value) {
            faults.remove(key);
            return new DeviceState.Track(track.recent(), value, 1, reading.time(), track.lastTime(), track.lastValue(),
                    track.trustedValue());
        }
        int count = track.runCount() == Integer.MAX_VALUE ? Integer.MAX_VALUE : track.runCount() + 1;
        if (count >= stuckReadings && Duration.between(track.runSince(), reading.time()).compareTo(stuckFor) >= 0
                && !faults.containsKey(key)) {
            faults.put(key, new Signal(STUCK, measurement + " has read " + quantity(measurement, value) + " "
                    + count + " times in a row since " + CLOCK.format(track.runSince())));
        }
        return new DeviceState.Track(track.recent(), value, count, track.runSince(), track.lastTime(),
                track.lastValue(), track.trustedValue());
    }

    private DeviceState.Track jump(DeviceState.Track track, EvidenceReading reading, Map<String, Signal> faults) {
        if (!CONTINUOUS.contains(reading.measurement())) {
            return track;
        }
        var kind = MeasurementCatalog.kindOf(reading.measurement()).orElseThrow();
        String key = JUMP + "/" + reading.measurement();
        double value = reading.value();
        double limit = (kind.max() - kind.min()) / 2;
        Double trusted = track.trustedValue();
        if (trusted != null) {
            if (Math.abs(value - trusted) <= limit) {
                faults.remove(key);
                trusted = null;
            }
        } else if (track.lastValue() != null && Math.abs(value - track.lastValue()) > limit
                && Duration.between(track.lastTime(), reading.time()).compareTo(JUMP_WITHIN) < 0) {
            trusted = track.lastValue();
            faults.put(key, new Signal(JUMP, reading.measurement() + " jumped from "
                    + quantity(reading.measurement(), track.lastValue()) + " to "
                    + quantity(reading.measurement(), value) + " in "
                    + Duration.between(track.lastTime(), reading.time()).toSeconds() + " s, more than half of what the"
                    + " sensor can measure (" + kind.min() + ".." + kind.max() + " " + kind.canonicalUnit() + ")"));
        }
        return new DeviceState.Track(track.recent(), track.runValue(), track.runCount(), track.runSince(),
                reading.time(), value, trusted);
    }

    private static void selfDiagnostic(EvidenceReading reading, Map<String, Signal> faults) {
        String key = SELF_DIAGNOSTIC + "/" + reading.measurement();
        String detail = switch (reading.measurement()) {
            case "fault_code" -> reading.textValue() == null || reading.textValue().isBlank() ? null
                    : "the device reports fault code " + reading.textValue().strip();
            case "tamper" -> Boolean.TRUE.equals(reading.booleanValue()) ? "the device reports it was tampered with"
                    : null;
            case "battery_low" -> Boolean.TRUE.equals(reading.booleanValue()) ? "the device reports a low battery"
                    : null;
            default -> "";
        };
        if (detail == null) {
            faults.remove(key);
        } else if (!detail.isEmpty() && !detail.equals(faults.getOrDefault(key, new Signal("", "")).detail())) {
            faults.put(key, new Signal(SELF_DIAGNOSTIC, detail));
        }
    }

    static String quantity(String measurement, double value) {
        var unit = MeasurementCatalog.kindOf(measurement).map(MeasurementCatalog.Kind::canonicalUnit).orElse("");
        return String.format(Locale.ROOT, "%.2f %s", value, unit).strip();
    }
}
