package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceRecord;
import java.time.Instant;

/**
 * Builds the {@link DeviceRecord} an imported device publishes, from the state the import commits. It lives here
 * because the registry's shared device-record mapper did not exist when bulk import was written; it should be folded
 * into that mapper (one way to turn database state into a record).
 */
final class ImportedDeviceRecords {

    private ImportedDeviceRecords() {
    }

    /** The first record of a device the import creates. */
    static DeviceRecord created(DeviceRow row, ImportCatalog catalog, Instant at) {
        return new DeviceRecord(row.deviceId(), row.externalId(), row.kind(), row.deviceType(), row.gatewayId(),
                row.lifecycle(), null, row.department(), row.district(), row.siteId(), row.latitude(),
                row.longitude(), catalog.measurementsOf(row.deviceType()), 1, at);
    }

    /**
     * The next record of a device the import changes: the row's attributes, the device's own lifecycle and quarantine
     * (an import changes neither), the next version.
     */
    static DeviceRecord updated(DeviceRow row, ExistingDevice before, ImportCatalog catalog, Instant at) {
        DeviceRecord.Quarantine quarantine = before.quarantineReason() == null ? null
                : new DeviceRecord.Quarantine(before.quarantineReason(), before.quarantinedBy(),
                        before.quarantinedSince());
        return new DeviceRecord(row.deviceId(), row.externalId(), row.kind(), row.deviceType(), row.gatewayId(),
                before.lifecycle(), quarantine, row.department(), row.district(), row.siteId(), row.latitude(),
                row.longitude(), catalog.measurementsOf(row.deviceType()), before.version() + 1, at);
    }
}
