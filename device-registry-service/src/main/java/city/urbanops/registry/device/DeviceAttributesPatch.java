package city.urbanops.registry.device;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Applies a JSON merge patch (RFC 7396) to a device's editable attributes: a member sets the attribute, a null member
 * removes it, an absent member leaves it. Lifecycle, quarantine, kind and id change only through their own endpoints.
 */
final class DeviceAttributesPatch {

    /** What a technician may change: where the device is. */
    static final Set<String> LOCATION_FIELDS = Set.of("siteId", "latitude", "longitude");

    private static final List<String> FIELDS = List.of("externalId", "deviceType", "gatewayId", "department",
            "district", "siteId", "latitude", "longitude");
    private static final Set<String> REQUIRED = Set.of("deviceType", "department", "district");
    private static final Map<String, double[]> RANGES = Map.of("latitude", new double[] {-90, 90},
            "longitude", new double[] {-180, 180});

    private DeviceAttributesPatch() {
    }

    /** The device after the patch and the attributes whose value actually changed, in a stable order. */
    record Applied(DeviceRow device, List<String> changedFields) {
    }

    static Applied apply(DeviceRow device, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object of the attributes to change");
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (String name : patch.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problems.add(new FieldProblem(name, "is not an attribute that can be changed here; one of " + FIELDS));
            }
        }
        String externalId = text(patch, "externalId", device.externalId(), problems);
        if (externalId != null && (externalId.isEmpty() || externalId.length() > 128)) {
            problems.add(new FieldProblem("externalId", "must be 1 to 128 characters"));
        }
        DeviceRow updated = new DeviceRow(device.id(), externalId, device.kind(),
                text(patch, "deviceType", device.deviceType(), problems),
                text(patch, "gatewayId", device.gatewayId(), problems), device.lifecycle(),
                text(patch, "department", device.department(), problems),
                text(patch, "district", device.district(), problems),
                text(patch, "siteId", device.siteId(), problems),
                number(patch, "latitude", device.latitude(), problems),
                number(patch, "longitude", device.longitude(), problems),
                device.quarantine(), device.version(), device.createdAt(), device.updatedAt());
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        List<String> changed = new ArrayList<>();
        compare(changed, "externalId", device.externalId(), updated.externalId());
        compare(changed, "deviceType", device.deviceType(), updated.deviceType());
        compare(changed, "gatewayId", device.gatewayId(), updated.gatewayId());
        compare(changed, "department", device.department(), updated.department());
        compare(changed, "district", device.district(), updated.district());
        compare(changed, "siteId", device.siteId(), updated.siteId());
        compare(changed, "latitude", device.latitude(), updated.latitude());
        compare(changed, "longitude", device.longitude(), updated.longitude());
        return new Applied(updated, changed);
    }

    private static String text(JsonNode patch, String field, String current, List<FieldProblem> problems) {
        if (!patch.has(field)) {
            return current;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            if (REQUIRED.contains(field)) {
                problems.add(new FieldProblem(field, "cannot be removed"));
            }
            return null;
        }
        if (!value.isString() || (REQUIRED.contains(field) && value.asString().isBlank())) {
            problems.add(new FieldProblem(field, "must be a non-blank string or null"));
            return current;
        }
        return value.asString();
    }

    private static Double number(JsonNode patch, String field, Double current, List<FieldProblem> problems) {
        if (!patch.has(field)) {
            return current;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            return null;
        }
        double[] range = RANGES.get(field);
        if (!value.isNumber() || value.doubleValue() < range[0] || value.doubleValue() > range[1]) {
            problems.add(new FieldProblem(field, "must be a number between " + (int) range[0] + " and "
                    + (int) range[1] + ", or null"));
            return current;
        }
        return value.doubleValue();
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
