package city.urbanops.registry.bulkimport;

import static city.urbanops.registry.bulkimport.ImportField.DEPARTMENT;
import static city.urbanops.registry.bulkimport.ImportField.DEVICE_ID;
import static city.urbanops.registry.bulkimport.ImportField.DEVICE_TYPE;
import static city.urbanops.registry.bulkimport.ImportField.DISTRICT;
import static city.urbanops.registry.bulkimport.ImportField.EXTERNAL_ID;
import static city.urbanops.registry.bulkimport.ImportField.GATEWAY_ID;
import static city.urbanops.registry.bulkimport.ImportField.KIND;
import static city.urbanops.registry.bulkimport.ImportField.LATITUDE;
import static city.urbanops.registry.bulkimport.ImportField.LIFECYCLE;
import static city.urbanops.registry.bulkimport.ImportField.LONGITUDE;
import static city.urbanops.registry.bulkimport.ImportField.SITE_ID;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.security.AccessScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an import's rows one by one, in file order, against the file itself (duplicates, gateways listed before their
 * devices), the catalogue, the devices the registry holds and the caller's scope. Every problem of every bad row is
 * reported; a row with any problem is not imported. Pure: the database was read before.
 */
final class RowValidation {

    // The device table's own checks (V1), said again here so that a bad row is reported, not a failed insert.
    private static final Pattern DEVICE_ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_EXTERNAL_ID = 128;
    private static final Set<DeviceLifecycle> IMPORTABLE = Set.of(DeviceLifecycle.PROVISIONED,
            DeviceLifecycle.ACTIVE);

    private final ImportCatalog catalog;
    private final KnownDevices known;
    private final AccessScope scope;
    /** The scope's departments and its districts alone, so a row outside it is told which of the two is wrong. */
    private final AccessScope departmentScope;
    private final AccessScope districtScope;
    private final Map<String, List<Long>> deviceIdLines = new HashMap<>();
    private final Map<String, List<Long>> externalIdLines = new HashMap<>();
    /** Gateway rows of this file: true once the row was found valid, false if it was rejected. */
    private final Map<String, Boolean> gatewaysInFile = new HashMap<>();
    private final Map<String, Long> gatewayLines = new HashMap<>();

    /** The rows that may be imported, and every problem of the others. */
    record Validated(List<DeviceRow> valid, List<RowProblem> problems, long rejectedRows) {
    }

    private RowValidation(ImportCatalog catalog, KnownDevices known, AccessScope scope) {
        this.catalog = catalog;
        this.known = known;
        this.scope = scope;
        this.departmentScope = new AccessScope(scope.departments(), Set.of(AccessScope.ALL));
        this.districtScope = new AccessScope(Set.of(AccessScope.ALL), scope.districts());
    }

    static Validated validate(List<RawRow> rows, ImportCatalog catalog, KnownDevices known, AccessScope scope) {
        return new RowValidation(catalog, known, scope).run(rows);
    }

    private Validated run(List<RawRow> rows) {
        for (RawRow row : rows) {
            note(deviceIdLines, row.value(DEVICE_ID), row.line());
            note(externalIdLines, row.value(EXTERNAL_ID), row.line());
            if ("GATEWAY".equalsIgnoreCase(row.value(KIND)) && row.value(DEVICE_ID) != null) {
                gatewayLines.putIfAbsent(row.value(DEVICE_ID), row.line());
            }
        }
        List<DeviceRow> valid = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        long rejected = 0;
        for (RawRow row : rows) {
            var check = new RowCheck(row);
            DeviceRow device = check.run();
            if (check.problems.isEmpty()) {
                valid.add(device);
            } else {
                problems.addAll(check.problems);
                rejected++;
            }
            if ("GATEWAY".equalsIgnoreCase(row.value(KIND)) && row.value(DEVICE_ID) != null) {
                gatewaysInFile.putIfAbsent(row.value(DEVICE_ID), check.problems.isEmpty());
            }
        }
        return new Validated(valid, problems, rejected);
    }

    private static void note(Map<String, List<Long>> lines, String value, long line) {
        if (value != null) {
            lines.computeIfAbsent(value, v -> new ArrayList<>(1)).add(line);
        }
    }

    /** The checks of one row; {@link #run()} returns the parsed row (null when it cannot even be parsed). */
    private final class RowCheck {

        private final RawRow row;
        private final List<RowProblem> problems = new ArrayList<>();

        RowCheck(RawRow row) {
            this.row = row;
            problems.addAll(row.shapeProblems());
        }

        DeviceRow run() {
            if (row.values().isEmpty() && !problems.isEmpty()) {
                return null; // nothing could be read from it (not a JSON object): its shape is the whole story
            }
            String deviceId = deviceId();
            String externalId = externalId();
            DeviceKind kind = kind();
            String deviceType = deviceType(kind);
            String department = required(DEPARTMENT, catalog.departments(), "department");
            String district = required(DISTRICT, catalog.districts(), "district");
            inScope(department, district);
            String siteId = site(district);
            Double latitude = coordinate(LATITUDE, 90);
            Double longitude = coordinate(LONGITUDE, 180);
            if ((value(LATITUDE) == null) != (value(LONGITUDE) == null)) {
                ImportField absent = value(LATITUDE) == null ? LATITUDE : LONGITUDE;
                problem(absent, "is required together with " + (absent == LATITUDE ? LONGITUDE : LATITUDE).wireName());
            }
            DeviceLifecycle lifecycle = lifecycle();
            String gatewayId = kind == null ? null : gateway(kind);
            if (deviceId == null || kind == null || deviceType == null || department == null || district == null
                    || lifecycle == null) {
                return null;
            }
            var device = new DeviceRow(row.line(), deviceId, externalId, kind, deviceType, gatewayId, department,
                    district, siteId, latitude, longitude, lifecycle);
            againstRegistry(device);
            return device;
        }

        private String deviceId() {
            String id = value(DEVICE_ID);
            if (id == null) {
                return missing(DEVICE_ID);
            }
            if (!DEVICE_ID_PATTERN.matcher(id).matches()) {
                return invalid(DEVICE_ID, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter "
                        + "or digit");
            }
            duplicates(DEVICE_ID, id, deviceIdLines);
            return id;
        }

        private String externalId() {
            String id = value(EXTERNAL_ID);
            if (id == null) {
                return null;
            }
            if (id.length() > MAX_EXTERNAL_ID || id.chars().anyMatch(Character::isISOControl)) {
                return invalid(EXTERNAL_ID, "must be 1 to " + MAX_EXTERNAL_ID + " characters without control "
                        + "characters");
            }
            duplicates(EXTERNAL_ID, id, externalIdLines);
            return id;
        }

        private void duplicates(ImportField field, String value, Map<String, List<Long>> lines) {
            List<Long> all = lines.get(value);
            if (all != null && all.size() > 1) {
                problem(field, "'" + value + "' appears more than once in the file (lines " + all.stream().limit(10)
                        .map(String::valueOf).collect(Collectors.joining(", ")) + (all.size() > 10 ? ", ..." : "")
                        + ")");
            }
        }

        private DeviceKind kind() {
            String kind = value(KIND);
            if (kind == null) {
                return DeviceKind.SENSOR;
            }
            try {
                return DeviceKind.valueOf(kind.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return invalid(KIND, "must be SENSOR or GATEWAY");
            }
        }

        private String deviceType(DeviceKind kind) {
            String type = value(DEVICE_TYPE);
            if (type == null) {
                return missing(DEVICE_TYPE);
            }
            ImportCatalog.DeviceType known = catalog.deviceTypes().get(type);
            if (known == null) {
                return invalid(DEVICE_TYPE, "'" + type + "' is not a known device type");
            }
            if (kind != null && known.kind() != kind) {
                return invalid(DEVICE_TYPE, "'" + type + "' is a " + known.kind() + " type, but the row's kind is "
                        + kind);
            }
            return type;
        }

        private String required(ImportField field, Set<String> known, String what) {
            String value = value(field);
            if (value == null) {
                return missing(field);
            }
            return known.contains(value) ? value : invalid(field, "'" + value + "' is not a known " + what);
        }

        private void inScope(String department, String district) {
            if (department != null && !departmentScope.allows(department, district)) {
                problem(DEPARTMENT, "'" + department + "' is outside your scope");
            } else if (district != null && !districtScope.allows(department, district)) {
                problem(DISTRICT, "'" + district + "' is outside your scope");
            }
        }

        private String site(String district) {
            String site = value(SITE_ID);
            if (site == null) {
                return null;
            }
            String siteDistrict = catalog.siteDistricts().get(site);
            if (siteDistrict == null) {
                return invalid(SITE_ID, "'" + site + "' is not a known site");
            }
            if (district != null && !siteDistrict.equals(district)) {
                return invalid(SITE_ID, "'" + site + "' lies in district '" + siteDistrict + "', not '" + district
                        + "'");
            }
            return site;
        }

        private Double coordinate(ImportField field, double bound) {
            String text = value(field);
            if (text == null) {
                return null;
            }
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return invalid(field, "'" + text + "' is not a number");
            }
            if (!Double.isFinite(value) || value < -bound || value > bound) {
                return invalid(field, "'" + text + "' is out of range (-" + (int) bound + " to " + (int) bound + ")");
            }
            return value;
        }

        private DeviceLifecycle lifecycle() {
            String text = value(LIFECYCLE);
            if (text == null) {
                return DeviceLifecycle.PROVISIONED;
            }
            for (DeviceLifecycle candidate : IMPORTABLE) {
                if (candidate.name().equalsIgnoreCase(text)) {
                    return candidate;
                }
            }
            return invalid(LIFECYCLE, "must be PROVISIONED or ACTIVE at import");
        }

        private String gateway(DeviceKind kind) {
            String gatewayId = value(GATEWAY_ID);
            if (kind == DeviceKind.GATEWAY) {
                return gatewayId == null ? null : invalid(GATEWAY_ID, "must be empty for a gateway");
            }
            if (gatewayId == null) {
                return missing(GATEWAY_ID);
            }
            Boolean inFile = gatewaysInFile.get(gatewayId);
            if (inFile != null) {
                return inFile ? gatewayId : invalid(GATEWAY_ID, "'" + gatewayId + "' is not imported: its row (line "
                        + gatewayLines.get(gatewayId) + ") is rejected");
            }
            var existing = known.byId(gatewayId).filter(d -> scope.allows(d.department(), d.district()));
            if (existing.isEmpty()) {
                Long later = gatewayLines.get(gatewayId);
                return invalid(GATEWAY_ID, "'" + gatewayId + "' is not found" + (later == null
                        ? " in the registry (within your scope) or earlier in the file"
                        : " yet: its row comes later (line " + later + "); list gateways before their devices"));
            }
            if (existing.get().kind() != DeviceKind.GATEWAY) {
                return invalid(GATEWAY_ID, "'" + gatewayId + "' is not a gateway");
            }
            if (existing.get().retired()) {
                return invalid(GATEWAY_ID, "'" + gatewayId + "' is " + existing.get().lifecycle());
            }
            return gatewayId;
        }

        /** What only the registry's own state can tell: a device out of reach, an identity taken, a fixed kind. */
        private void againstRegistry(DeviceRow device) {
            var existing = known.byId(device.deviceId());
            if (device.externalId() != null) {
                known.byExternalId(device.externalId())
                        .filter(owner -> !owner.deviceId().equals(device.deviceId()))
                        .ifPresent(owner -> problem(EXTERNAL_ID, "'" + device.externalId() + "' already belongs to "
                                + "another device"));
            }
            if (existing.isEmpty()) {
                return;
            }
            ExistingDevice before = existing.get();
            if (!scope.allows(before.department(), before.district())) {
                problem(DEVICE_ID, "'" + device.deviceId() + "' belongs to a device outside your scope");
            } else if (before.kind() != device.kind()) {
                problem(KIND, "cannot change: '" + device.deviceId() + "' is a " + before.kind());
            } else if (before.retired() && !device.describes(before)) {
                problem(DEVICE_ID, "'" + device.deviceId() + "' is " + before.lifecycle() + "; an import does not "
                        + "change revoked or decommissioned devices");
            }
        }

        private String value(ImportField field) {
            return row.value(field);
        }

        private <T> T missing(ImportField field) {
            return invalid(field, "is required");
        }

        private <T> T invalid(ImportField field, String reason) {
            problem(field, reason);
            return null;
        }

        private void problem(ImportField field, String reason) {
            problems.add(new RowProblem(row.line(), field.wireName(), reason));
        }
    }
}
