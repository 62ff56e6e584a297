package city.urbanops.rules.rule;

import city.urbanops.events.uplink.MeasurementCatalog;
import city.urbanops.events.uplink.MeasurementCatalog.ValueKind;
import city.urbanops.rules.rule.RuleValidation.FieldError;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks rule documents: first against the JSON Schema kept with the service ({@code schemas/rule.json}),
 * then against what the schema cannot know (the measurement catalogue and the registry's groups). Thread-safe.
 */
public final class RuleDocuments {

    /** The longest duration a rule may name: state is kept per device and rule for about this long. */
    public static final Duration LONGEST = Duration.ofDays(7);

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Schema schema;

    public RuleDocuments() {
        var config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        schema = registry.getSchema(SchemaLocation.of("classpath:schemas/rule.json"));
    }

    /** The mapper rule documents are read and written with. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** Parses and checks a submitted document. */
    public RuleValidation validate(byte[] json, KnownGroups groups) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JacksonException notJson) {
            return invalid("", "not a JSON document: " + notJson.getOriginalMessage());
        }
        return validate(tree, groups);
    }

    /** Checks a parsed document. */
    public RuleValidation validate(JsonNode tree, KnownGroups groups) {
        if (tree == null || !tree.isObject()) {
            return invalid("", "a rule is a JSON object");
        }
        var schemaErrors = schema.validate(tree).stream()
                .map(error -> new FieldError(field(error.getInstanceLocation().toString()), error.getMessage()))
                .toList();
        if (!schemaErrors.isEmpty()) {
            return new RuleValidation.Invalid(schemaErrors);
        }
        RuleDocument document;
        try {
            document = mapper.treeToValue(tree, RuleDocument.class);
        } catch (JacksonException | DateTimeParseException unreadable) {
            return invalid("condition", "cannot be read: " + unreadable.getMessage());
        }
        var errors = new ArrayList<FieldError>();
        checkCondition(document.condition(), errors);
        checkScope(document, groups, errors);
        return errors.isEmpty() ? new RuleValidation.Valid(document) : new RuleValidation.Invalid(errors);
    }

    private static void checkCondition(Condition condition, List<FieldError> errors) {
        var measurement = condition.measurementName();
        if (measurement.isPresent() && MeasurementCatalog.kindOf(measurement.get()).isEmpty()) {
            errors.add(new FieldError("condition.measurement", "unknown measurement '" + measurement.get()
                    + "'; known: " + new TreeSet<>(MeasurementCatalog.all().keySet())));
            return;
        }
        switch (condition) {
            case Condition.Threshold threshold -> {
                requireKind(threshold.measurement(), ValueKind.NUMBER, errors);
                requirePhysical(threshold.measurement(), threshold.value(), "condition.value", errors);
                boolean hysteresisOnTheSafeSide = threshold.direction() == Condition.Direction.ABOVE
                        ? threshold.clearAt() <= threshold.value() : threshold.clearAt() >= threshold.value();
                if (!hysteresisOnTheSafeSide) {
                    errors.add(new FieldError("condition.clearAt", "must be on the safe side of value ("
                            + (threshold.direction() == Condition.Direction.ABOVE ? "<=" : ">=") + " "
                            + threshold.value() + "), or the alert could never clear"));
                }
                requireDuration(threshold.forDuration(), "condition.forDuration", true, errors);
            }
            case Condition.RateOfChange rate -> {
                requireKind(rate.measurement(), ValueKind.NUMBER, errors);
                requireDuration(rate.window(), "condition.window", false, errors);
            }
            case Condition.Absence absence -> requireDuration(absence.forDuration(), "condition.forDuration", false,
                    errors);
            case Condition.StateHeld held -> {
                var kind = MeasurementCatalog.kindOf(held.measurement()).orElseThrow().valueKind();
                if (kind == ValueKind.NUMBER) {
                    errors.add(new FieldError("condition.measurement", "'" + held.measurement()
                            + "' is numeric: watch it with a threshold"));
                } else if ((kind == ValueKind.BOOLEAN) != (held.value() instanceof Boolean)) {
                    errors.add(new FieldError("condition.equals", "'" + held.measurement() + "' is "
                            + kind.name().toLowerCase() + ", so equals must be a "
                            + (kind == ValueKind.BOOLEAN ? "boolean" : "string")));
                }
                requireDuration(held.forDuration(), "condition.forDuration", true, errors);
            }
            case Condition.GroupCount group -> {
                requireKind(group.measurement(), ValueKind.NUMBER, errors);
                requirePhysical(group.measurement(), group.value(), "condition.value", errors);
                requireDuration(group.window(), "condition.window", false, errors);
            }
        }
    }

    private static void checkScope(RuleDocument document, KnownGroups groups, List<FieldError> errors) {
        var scope = document.scope();
        requireKnown(scope.departments(), "scope.departments", "department", groups.departments()::contains, errors);
        requireKnown(scope.districts(), "scope.districts", "district", groups.districts()::contains, errors);
        requireKnown(scope.sites(), "scope.sites", "site", groups.sites()::contains, errors);
        requireKnown(scope.devices(), "scope.devices", "device", groups::hasDevice, errors);
        var measurement = document.condition().measurementName();
        for (int i = 0; i < scope.deviceTypes().size(); i++) {
            var type = scope.deviceTypes().get(i);
            var reports = groups.measurementsOf(type);
            if (reports.isEmpty()) {
                errors.add(new FieldError("scope.deviceTypes[" + i + "]", "unknown device type '" + type + "'"));
            } else if (measurement.isPresent() && !reports.get().contains(measurement.get())) {
                errors.add(new FieldError("scope.deviceTypes[" + i + "]", "device type '" + type
                        + "' does not report '" + measurement.get() + "'; it reports " + reports.get()));
            }
        }
    }

    private static void requireKnown(List<String> names, String field, String what, Predicate<String> known,
                                     List<FieldError> errors) {
        for (int i = 0; i < names.size(); i++) {
            if (!known.test(names.get(i))) {
                errors.add(new FieldError(field + "[" + i + "]", "unknown " + what + " '" + names.get(i) + "'"));
            }
        }
    }

    private static void requireKind(String measurement, ValueKind kind, List<FieldError> errors) {
        var actual = MeasurementCatalog.kindOf(measurement).orElseThrow().valueKind();
        if (actual != kind) {
            errors.add(new FieldError("condition.measurement", "'" + measurement + "' is "
                    + actual.name().toLowerCase() + "; this condition needs a " + kind.name().toLowerCase()
                    + (kind == ValueKind.NUMBER ? " (use state-held for on/off and text states)" : "")));
        }
    }

    private static void requirePhysical(String measurement, double value, String field, List<FieldError> errors) {
        var kind = MeasurementCatalog.kindOf(measurement).orElseThrow();
        if (kind.valueKind() == ValueKind.NUMBER && !kind.isPhysical(value)) {
            errors.add(new FieldError(field, value + " is outside what a working '" + measurement + "' sensor reports ("
                    + kind.min() + ".." + kind.max() + " " + kind.canonicalUnit() + "), so it could never fire"));
        }
    }

    private static void requireDuration(Duration duration, String field, boolean zeroAllowed,
                                        List<FieldError> errors) {
        if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
            errors.add(new FieldError(field, "must be " + (zeroAllowed ? "zero or more" : "more than zero")));
        } else if (duration.compareTo(LONGEST) > 0) {
            errors.add(new FieldError(field, "must be at most " + LONGEST + " (" + duration + " given)"));
        }
    }

    private static RuleValidation invalid(String field, String reason) {
        return new RuleValidation.Invalid(List.of(new FieldError(field, reason)));
    }

    /** {@code /condition/measurement} or {@code $.condition.measurement} → {@code condition.measurement}. */
    private static String field(String instanceLocation) {
        var path = instanceLocation.startsWith("$") ? instanceLocation.substring(1) : instanceLocation;
        path = path.replaceAll("/(\\d+)", "[$1]").replace('/', '.');
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
