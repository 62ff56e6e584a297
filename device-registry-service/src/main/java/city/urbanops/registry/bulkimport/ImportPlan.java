package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What an import does with each valid row: create the device, change it (version + 1), or leave it alone because the
 * registry already holds exactly what the row says (the second run of the same file changes nothing). Gateways come
 * first, so a chunk never creates a device before its gateway; otherwise file order, so the plan of a file is the same
 * on every run and a resumed run can skip what an earlier one committed.
 */
record ImportPlan(List<Change> changes) {

    sealed interface Change permits Create, Update, Unchanged {
        DeviceRow row();
    }

    record Create(DeviceRow row) implements Change {
    }

    record Update(DeviceRow row, ExistingDevice before) implements Change {
    }

    record Unchanged(DeviceRow row) implements Change {
    }

    static ImportPlan of(List<DeviceRow> valid, KnownDevices known) {
        List<Change> changes = new ArrayList<>(valid.size());
        for (DeviceKind kind : List.of(DeviceKind.GATEWAY, DeviceKind.SENSOR)) {
            for (DeviceRow row : valid) {
                if (row.kind() == kind) {
                    changes.add(known.byId(row.deviceId())
                            .<Change>map(before -> row.describes(before) ? new Unchanged(row) : new Update(row, before))
                            .orElseGet(() -> new Create(row)));
                }
            }
        }
        return new ImportPlan(List.copyOf(changes));
    }
}
