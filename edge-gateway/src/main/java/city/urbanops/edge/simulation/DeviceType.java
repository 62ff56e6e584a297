package city.urbanops.edge.simulation;

import city.urbanops.events.uplink.MeasurementCatalog;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of field device the simulated city has; {@code code} is the part of the device id that names the kind
 * ({@code gw-01-aq-003} is the third air-quality station of gateway {@code gw-01}).
 */
public enum DeviceType {
    TRAFFIC_LOOP("tl", List.of("vehicle_count", "speed")),
    AIR_QUALITY("aq", List.of("pm2_5", "pm10", "no2", "temperature", "humidity")),
    FLOOD_LEVEL("fl", List.of("water_level")),
    WATER_LEAK("wl", List.of("leak")),
    PARKING("pk", List.of("parking_occupied")),
    STREETLIGHT("sl", List.of("on", "dimming")),
    EV_CHARGER("ev", List.of("charger_status", "charging_power")),
    WASTE_BIN("wb", List.of("fill_level"));

    private final String code;
    private final List<String> measurementNames;

    DeviceType(String code, List<String> measurementNames) {
        this.code = code;
        this.measurementNames = measurementNames;
    }

    /** The two letters naming this kind inside a device id. */
    public String code() {
        return code;
    }

    /** The MeasurementCatalog names every reading of this kind carries. */
    public List<String> measurementNames() {
        return measurementNames;
    }

    /** Whether a reading of this kind carries a numeric value (what a STUCK_SENSOR fault flat-lines). */
    public boolean hasNumericMeasurements() {
        return measurementNames.stream().map(MeasurementCatalog::kindOf).flatMap(Optional::stream)
                .anyMatch(kind -> kind.valueKind() == MeasurementCatalog.ValueKind.NUMBER);
    }

    public static Optional<DeviceType> ofCode(String code) {
        return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst();
    }
}
