package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.bulkimport.ImportDeviceRepository.HistoryEntry;
import city.urbanops.registry.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes one chunk of a plan in the caller's transaction: the devices, one history row and one outbox record per
 * created or changed device, so that all of it commits together or not at all.
 */
@Component
class ImportWriter {

    private final ImportDeviceRepository devices;
    private final Outbox outbox;

    ImportWriter(ImportDeviceRepository devices, Outbox outbox) {
        this.devices = devices;
        this.outbox = outbox;
    }

    /** What one or more chunks did. */
    record Written(long created, long updated, long unchanged) {

        static final Written NOTHING = new Written(0, 0, 0);

        Written plus(Written other) {
            return new Written(created + other.created, updated + other.updated, unchanged + other.unchanged);
        }

        long rows() {
            return created + updated + unchanged;
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Written write(ImportJob job, List<ImportPlan.Change> chunk, ImportCatalog catalog, Instant at) {
        List<DeviceRow> created = new ArrayList<>();
        List<DeviceRow> updated = new ArrayList<>();
        List<Long> expectedVersions = new ArrayList<>();
        List<HistoryEntry> history = new ArrayList<>();
        List<DeviceRecord> records = new ArrayList<>();
        long unchanged = 0;
        for (ImportPlan.Change change : chunk) {
            switch (change) {
                case ImportPlan.Create create -> {
                    created.add(create.row());
                    history.add(new HistoryEntry(create.row().deviceId(), 1, "CREATED", null,
                            create.row().lifecycle().name()));
                    records.add(ImportedDeviceRecords.created(create.row(), catalog, at));
                }
                case ImportPlan.Update update -> {
                    updated.add(update.row());
                    expectedVersions.add(update.before().version());
                    String state = update.before().lifecycle().name();
                    history.add(new HistoryEntry(update.row().deviceId(), update.before().version() + 1, "UPDATED",
                            state, state));
                    records.add(ImportedDeviceRecords.updated(update.row(), update.before(), catalog, at));
                }
                case ImportPlan.Unchanged ignored -> unchanged++;
            }
        }
        devices.insert(created, at);
        devices.update(updated, expectedVersions, at);
        devices.appendHistory(history, job.createdBy(), job.historyReason(), at);
        outbox.devices(records);
        return new Written(created.size(), updated.size(), unchanged);
    }
}
