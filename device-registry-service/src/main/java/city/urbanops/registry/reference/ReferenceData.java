package city.urbanops.registry.reference;

import city.urbanops.events.EventClass;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.uplink.MeasurementCatalog;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The reference data devices point at: departments, districts, sites and device types. */
public final class ReferenceData {

    private ReferenceData() {
    }

    /** A city department that owns devices. */
    public record Department(String id, String name, Instant createdAt) {
    }

    /** A district of the city, with its GeoJSON Polygon or MultiPolygon boundary. */
    public record District(String id, String name, JsonNode boundary, Instant createdAt) {
    }

    /** A place in a district where devices are installed. */
    public record Site(String id, String name, String districtId, Double latitude, Double longitude,
                       Instant createdAt) {
    }

    /** A kind of device and the measurements its devices report. */
    public record DeviceType(String id, DeviceKind kind, String description, List<Measurement> measurements,
                             Instant createdAt) {

        public List<String> measurementNames() {
            return measurements.stream().map(Measurement::name).toList();
        }
    }

    /**
     * A measurement a type reports, as the event model's catalogue defines it.
     *
     * @param unit the canonical unit; null for boolean and text values
     * @param min  the smallest physical value, null unless numeric
     * @param max  the largest physical value, null unless numeric
     */
    public record Measurement(String name, EventClass eventClass, MeasurementCatalog.ValueKind valueKind, String unit,
                              Double min, Double max) {

        /** The catalogue's entry for {@code name}, which must be in it. */
        public static Measurement of(String name) {
            MeasurementCatalog.Kind kind = MeasurementCatalog.kindOf(name)
                    .orElseThrow(() -> new IllegalStateException(name + " is not in the measurement catalogue"));
            return new Measurement(name, kind.eventClass(), kind.valueKind(), kind.canonicalUnit(), kind.min(),
                    kind.max());
        }
    }
}
