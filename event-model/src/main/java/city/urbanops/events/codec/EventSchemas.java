package city.urbanops.events.codec;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Validates JSON against the event model's schemas (JSON Schema 2020-12, kept under {@code schemas/v1}). */
public final class EventSchemas {

    /** One schema violation: where in the document, and what is wrong. */
    public record Violation(String location, String message) {
    }

    private final Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);
    private final Schema reading;

    public EventSchemas() {
        // Formats (date-time) are only annotations in 2020-12 unless asserted; the contract means them as rules.
        var config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        for (var type : EventType.values()) {
            schemas.put(type, registry.getSchema(SchemaLocation.of("classpath:" + type.schemaResource())));
        }
        reading = registry.getSchema(SchemaLocation.of("classpath:schemas/" + EventType.SCHEMA_VERSION + "/reading.json"));
    }

    /** Violations of the schema of {@code type}; empty when the document conforms. */
    public List<Violation> validate(EventType type, JsonNode document) {
        return toViolations(schemas.get(type).validate(document));
    }

    /** Violations of the schema of one reading inside an uplink batch. */
    public List<Violation> validateReading(JsonNode reading) {
        return toViolations(this.reading.validate(reading));
    }

    private static List<Violation> toViolations(List<com.networknt.schema.Error> errors) {
        return errors.stream()
                .map(error -> new Violation(error.getInstanceLocation().toString(), error.getMessage()))
                .toList();
    }
}
