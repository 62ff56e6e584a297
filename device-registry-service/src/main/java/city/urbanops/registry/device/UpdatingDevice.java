package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Changes a device's attributes by a JSON merge patch (RFC 7396) made against a version the caller read. A technician
 * changes only where the device is (site and coordinates); integrators and admins change every attribute, and the
 * device must stay inside their scope. A patch that changes nothing commits nothing.
 */
@Component
public class UpdatingDevice {

    private final DeviceRepository devices;
    private final DeviceChecks checks;
    private final DeviceChanges changes;
    private final DeviceRecords records;

    public UpdatingDevice(DeviceRepository devices, DeviceChecks checks, DeviceChanges changes,
                          DeviceRecords records) {
        this.devices = devices;
        this.checks = checks;
        this.changes = changes;
        this.records = records;
    }

    /** Who edits: by name, within which scope, and whether only the location. */
    public record Editor(String actor, AccessScope scope, boolean locationOnly) {
    }

    @Transactional
    public Outcome<DeviceRecord> update(String id, long expectedVersion, JsonNode patch, Editor editor) {
        DeviceRow current = devices.lock(id).filter(d -> d.visibleTo(editor.scope()))
                .orElseThrow(() -> new ResourceNotFoundException("No device " + id));
        if (current.version() != expectedVersion) {
            return Outcome.refused(new Refusal.StaleVersion(expectedVersion, current.version()));
        }
        if (current.lifecycle() == DeviceLifecycle.DECOMMISSIONED) {
            return Outcome.refused(new Refusal.StateConflict("decommissioned",
                    "Device " + id + " is decommissioned; its attributes no longer change."));
        }
        DeviceAttributesPatch.Applied applied = DeviceAttributesPatch.apply(current, patch);
        if (editor.locationOnly()) {
            List<String> beyondLocation = applied.changedFields().stream()
                    .filter(f -> !DeviceAttributesPatch.LOCATION_FIELDS.contains(f)).toList();
            if (!beyondLocation.isEmpty()) {
                throw new AccessDeniedException("a technician changes only " + DeviceAttributesPatch.LOCATION_FIELDS);
            }
        }
        if (applied.changedFields().isEmpty()) {
            return Outcome.done(records.deviceRecord(current));
        }
        DeviceRow updated = applied.device();
        checks.attributes(updated, editor.scope());
        if (!updated.visibleTo(editor.scope())) {
            throw new AccessDeniedException("the device would leave the caller's scope");
        }
        if (updated.externalId() != null && applied.changedFields().contains("externalId")
                && devices.idOfExternalId(updated.externalId()).filter(other -> !other.equals(id)).isPresent()) {
            return Outcome.refused(new Refusal.Duplicate("externalId", updated.externalId()));
        }
        devices.updateAttributes(updated);
        return Outcome.done(changes.committed(id, false,
                DeviceChanges.Change.of(HistoryAction.UPDATED, "changed " + String.join(", ", applied.changedFields()),
                        editor.actor())));
    }
}
