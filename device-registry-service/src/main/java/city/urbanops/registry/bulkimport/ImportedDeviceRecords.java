package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceRecord;
import java.time.Instant;

/**
 * Builds the {@link DeviceRecord} an imported device publishes, from the state the import commits in memory.
 * {@code device.DeviceRecords} reads the same state back from the tables, which costs two queries per device; an
 * import of 100,000 devices cannot afford that, so it builds the records from the rows it writes. Both must say the
 * same: {@code BulkImportIT} compares an imported device's queued record with {@code DeviceRecords}' reading of it.
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
