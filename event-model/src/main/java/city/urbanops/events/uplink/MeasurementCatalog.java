package city.urbanops.events.uplink;

import city.urbanops.events.EventClass;
import java.util.Map;
import java.util.Optional;

/**
 * The measurement vocabulary shared by gateways and services: each SenML name has one event class, one kind of
 * value, one canonical unit (SenML unit symbols; {@code null} for boolean and string measurements) and, for numbers,
 * the physical range a working sensor can report. A value outside that range is not a reading of the world but a
 * sign that the device is broken, so ingestion keeps it off the class topics (see {@code RejectReason.OUT_OF_RANGE}).
 */
public final class MeasurementCatalog {

    /** The longest string value ({@code vs}) the platform stores, in code points; the schema says the same. */
    public static final int MAX_TEXT_LENGTH = 256;

    /** Which one of SenML's value fields a measurement carries. */
    public enum ValueKind {
        /** {@code v}: a finite number in the canonical unit, inside the physical range. */
        NUMBER,
        /** {@code vb}. */
        BOOLEAN,
        /** {@code vs}: printable text of at most {@link #MAX_TEXT_LENGTH} code points. */
        TEXT
    }

    /**
     * What the platform knows about a measurement name.
     *
     * @param min the smallest value a working sensor can report (inclusive), null unless {@code NUMBER}
     * @param max the largest value a working sensor can report (inclusive), null unless {@code NUMBER}
     */
    public record Kind(EventClass eventClass, ValueKind valueKind, String canonicalUnit, Double min, Double max) {

        public Kind {
            if ((valueKind == ValueKind.NUMBER) != (min != null && max != null && canonicalUnit != null)) {
                throw new IllegalArgumentException("a numeric kind has a unit and a range; other kinds have neither");
            }
            if (min != null && min > max) {
                throw new IllegalArgumentException("min " + min + " > max " + max);
            }
        }

        static Kind number(EventClass eventClass, String unit, double min, double max) {
            return new Kind(eventClass, ValueKind.NUMBER, unit, min, max);
        }

        static Kind bool(EventClass eventClass) {
            return new Kind(eventClass, ValueKind.BOOLEAN, null, null, null);
        }

        static Kind text(EventClass eventClass) {
            return new Kind(eventClass, ValueKind.TEXT, null, null, null);
        }

        /** Whether {@code value} lies inside the physical range; always true for non-numeric kinds. */
        public boolean isPhysical(double value) {
            return min == null || (value >= min && value <= max);
        }
    }

    // Ranges are what a city sensor can physically report, wide enough for extremes of weather, traffic and floods,
    // narrow enough that a stuck, saturated or mis-scaled sensor falls outside.
    private static final Map<String, Kind> KINDS = Map.ofEntries(
            // STATE
            Map.entry("on", Kind.bool(EventClass.STATE)),
            Map.entry("open", Kind.bool(EventClass.STATE)),
            Map.entry("occupied", Kind.bool(EventClass.STATE)),
            Map.entry("dimming", Kind.number(EventClass.STATE, "%", 0, 100)),
            Map.entry("fill_level", Kind.number(EventClass.STATE, "%", 0, 100)),
            // ENVIRONMENTAL
            Map.entry("temperature", Kind.number(EventClass.ENVIRONMENTAL, "Cel", -90, 150)),
            Map.entry("humidity", Kind.number(EventClass.ENVIRONMENTAL, "%RH", 0, 100)),
            Map.entry("pm2_5", Kind.number(EventClass.ENVIRONMENTAL, "ug/m3", 0, 5_000)),
            Map.entry("pm10", Kind.number(EventClass.ENVIRONMENTAL, "ug/m3", 0, 10_000)),
            Map.entry("no2", Kind.number(EventClass.ENVIRONMENTAL, "ug/m3", 0, 5_000)),
            Map.entry("noise", Kind.number(EventClass.ENVIRONMENTAL, "dB", 0, 194)),
            Map.entry("vibration", Kind.number(EventClass.ENVIRONMENTAL, "m/s2", 0, 1_000)),
            Map.entry("water_level", Kind.number(EventClass.ENVIRONMENTAL, "m", -100, 100)),
            // MOBILITY
            Map.entry("vehicle_count", Kind.number(EventClass.MOBILITY, "count", 0, 100_000)),
            Map.entry("speed", Kind.number(EventClass.MOBILITY, "m/s", 0, 150)),
            Map.entry("lat", Kind.number(EventClass.MOBILITY, "lat", -90, 90)),
            Map.entry("lon", Kind.number(EventClass.MOBILITY, "lon", -180, 180)),
            Map.entry("charger_status", Kind.text(EventClass.MOBILITY)),
            Map.entry("charging_power", Kind.number(EventClass.MOBILITY, "W", 0, 2_000_000)),
            Map.entry("parking_occupied", Kind.bool(EventClass.MOBILITY)),
            // FAILURE
            Map.entry("leak", Kind.bool(EventClass.FAILURE)),
            Map.entry("tamper", Kind.bool(EventClass.FAILURE)),
            Map.entry("anomaly", Kind.bool(EventClass.FAILURE)),
            Map.entry("battery_low", Kind.bool(EventClass.FAILURE)),
            Map.entry("fault_code", Kind.text(EventClass.FAILURE)),
            Map.entry("offline", Kind.bool(EventClass.FAILURE)));

    private MeasurementCatalog() {
    }

    public static Optional<Kind> kindOf(String measurementName) {
        return Optional.ofNullable(KINDS.get(measurementName));
    }

    public static Map<String, Kind> all() {
        return KINDS;
    }
}
