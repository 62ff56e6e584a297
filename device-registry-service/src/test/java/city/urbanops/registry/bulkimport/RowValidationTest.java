package city.urbanops.registry.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.security.AccessScope;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowValidationTest {

    private static final ImportCatalog CATALOG = new ImportCatalog(
            Map.of("aq", new ImportCatalog.DeviceType(DeviceKind.SENSOR, List.of("pm10", "pm2_5")),
                    "gw", new ImportCatalog.DeviceType(DeviceKind.GATEWAY, List.of())),
            Set.of("environment", "transport"), Set.of("north", "south"), Map.of("site-1", "north"));
    private static final ExistingDevice GATEWAY = existing("gw-1", DeviceKind.GATEWAY, "gw", null,
            DeviceLifecycle.ACTIVE, "environment");
    private static final ExistingDevice SENSOR = existing("s-1", DeviceKind.SENSOR, "aq", "gw-1",
            DeviceLifecycle.ACTIVE, "environment");
    private static final ExistingDevice RETIRED = existing("s-2", DeviceKind.SENSOR, "aq", "gw-1",
            DeviceLifecycle.DECOMMISSIONED, "environment");

    private final KnownDevices known = new KnownDevices(List.of(GATEWAY, SENSOR, RETIRED));

    @Test
    void aRowThatDescribesItsDeviceIsPlannedUnchangedAndAChangedOneAsAnUpdate() {
        var validated = validate(AccessScope.unrestricted(), sensor("s-1", "47.1"), sensor("s-9", "47.1"),
                sensor("s-1", "47.2").line(3));

        assertThat(validated.problems()).extracting(RowProblem::reason)
                .allMatch(reason -> reason.contains("appears more than once"));
        var plan = ImportPlan.of(validate(AccessScope.unrestricted(), sensor("s-1", "47.1"), sensor("s-9", "47.1"))
                .valid(), known);
        assertThat(plan.changes()).extracting(c -> c.getClass().getSimpleName()).containsExactly("Unchanged", "Create");
        var moved = ImportPlan.of(validate(AccessScope.unrestricted(), sensor("s-1", "47.2")).valid(), known);
        assertThat(moved.changes().getFirst()).isInstanceOf(ImportPlan.Update.class);
    }

    @Test
    void aDecommissionedDeviceMayBeRepeatedButNotChanged() {
        assertThat(validate(AccessScope.unrestricted(), sensor("s-2", "47.1")).problems()).isEmpty();
        assertThat(validate(AccessScope.unrestricted(), sensor("s-2", "48")).problems()).extracting(RowProblem::reason)
                .containsExactly("'s-2' is DECOMMISSIONED; an import does not change revoked or decommissioned "
                        + "devices");
    }

    @Test
    void aScopedCallerNeitherWritesNorTouchesOutsideTheirDepartments() {
        var integrator = new AccessScope(Set.of("transport"), Set.of(AccessScope.ALL));

        var validated = validate(integrator, sensor("s-1", "47.1").with(ImportField.DEPARTMENT, "transport"),
                sensor("s-8", "47.1"));

        assertThat(validated.problems()).extracting(p -> p.line() + " " + p.field() + " " + p.reason())
                .containsExactly(
                        "1 gatewayId 'gw-1' is not found in the registry (within your scope) or earlier in the file",
                        "1 deviceId 's-1' belongs to a device outside your scope",
                        "2 department 'environment' is outside your scope",
                        "2 gatewayId 'gw-1' is not found in the registry (within your scope) or earlier in the file");
    }

    private RowValidation.Validated validate(AccessScope scope, Row... rows) {
        long line = 1;
        var raw = new java.util.ArrayList<RawRow>();
        for (Row row : rows) {
            raw.add(new RawRow(row.line > 0 ? row.line : line, row.values, List.of()));
            line++;
        }
        return RowValidation.validate(raw, CATALOG, known, scope);
    }

    private static Row sensor(String id, String latitude) {
        var row = new Row();
        row.values.put(ImportField.DEVICE_ID, id);
        row.values.put(ImportField.DEVICE_TYPE, "aq");
        row.values.put(ImportField.GATEWAY_ID, "gw-1");
        row.values.put(ImportField.DEPARTMENT, "environment");
        row.values.put(ImportField.DISTRICT, "north");
        row.values.put(ImportField.LATITUDE, latitude);
        row.values.put(ImportField.LONGITUDE, "8.5");
        return row;
    }

    private static final class Row {
        private final Map<ImportField, String> values = new EnumMap<>(ImportField.class);
        private long line;

        Row with(ImportField field, String value) {
            values.put(field, value);
            return this;
        }

        Row line(long number) {
            this.line = number;
            return this;
        }
    }

    private static ExistingDevice existing(String id, DeviceKind kind, String type, String gateway,
            DeviceLifecycle lifecycle, String department) {
        return new ExistingDevice(id, null, kind, type, gateway, lifecycle, department, "north", null,
                kind == DeviceKind.SENSOR ? 47.1 : null, kind == DeviceKind.SENSOR ? 8.5 : null, null, null, null, 3);
    }
}
