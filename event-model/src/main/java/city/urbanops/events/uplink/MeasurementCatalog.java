package city.urbanops.events.uplink;

import city.urbanops.events.EventClass;
import java.util.Map;
import java.util.Optional;

/**
 * The measurement vocabulary shared by gateways and services: each SenML name has one event class and one
 * canonical unit (SenML unit symbols; {@code null} for boolean and string measurements).
 */
public final class MeasurementCatalog {

    /** What the platform knows about a measurement name. */
    public record Kind(EventClass eventClass, String canonicalUnit) {
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            // STATE
            Map.entry("on", new Kind(EventClass.STATE, null)),
            Map.entry("open", new Kind(EventClass.STATE, null)),
            Map.entry("occupied", new Kind(EventClass.STATE, null)),
            Map.entry("dimming", new Kind(EventClass.STATE, "%")),
            Map.entry("fill_level", new Kind(EventClass.STATE, "%")),
            // ENVIRONMENTAL
            Map.entry("temperature", new Kind(EventClass.ENVIRONMENTAL, "Cel")),
            Map.entry("humidity", new Kind(EventClass.ENVIRONMENTAL, "%RH")),
            Map.entry("pm2_5", new Kind(EventClass.ENVIRONMENTAL, "ug/m3")),
            Map.entry("pm10", new Kind(EventClass.ENVIRONMENTAL, "ug/m3")),
            Map.entry("no2", new Kind(EventClass.ENVIRONMENTAL, "ug/m3")),
            Map.entry("noise", new Kind(EventClass.ENVIRONMENTAL, "dB")),
            Map.entry("vibration", new Kind(EventClass.ENVIRONMENTAL, "m/s2")),
            Map.entry("water_level", new Kind(EventClass.ENVIRONMENTAL, "m")),
            // MOBILITY
            Map.entry("vehicle_count", new Kind(EventClass.MOBILITY, "count")),
            Map.entry("speed", new Kind(EventClass.MOBILITY, "m/s")),
            Map.entry("lat", new Kind(EventClass.MOBILITY, "lat")),
            Map.entry("lon", new Kind(EventClass.MOBILITY, "lon")),
            Map.entry("charger_status", new Kind(EventClass.MOBILITY, null)),
            Map.entry("charging_power", new Kind(EventClass.MOBILITY, "W")),
            Map.entry("parking_occupied", new Kind(EventClass.MOBILITY, null)),
            // FAILURE
            Map.entry("leak", new Kind(EventClass.FAILURE, null)),
            Map.entry("tamper", new Kind(EventClass.FAILURE, null)),
            Map.entry("anomaly", new Kind(EventClass.FAILURE, null)),
            Map.entry("battery_low", new Kind(EventClass.FAILURE, null)),
            Map.entry("fault_code", new Kind(EventClass.FAILURE, null)),
            Map.entry("offline", new Kind(EventClass.FAILURE, null)));

    private MeasurementCatalog() {
    }

    public static Optional<Kind> kindOf(String measurementName) {
        return Optional.ofNullable(KINDS.get(measurementName));
    }

    public static Map<String, Kind> all() {
        return KINDS;
    }
}
