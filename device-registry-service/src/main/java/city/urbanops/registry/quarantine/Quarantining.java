package city.urbanops.registry.quarantine;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.device.DeviceChanges;
import city.urbanops.registry.device.DeviceRepository;
import city.urbanops.registry.device.DeviceRow;
import city.urbanops.registry.device.HistoryAction;
import city.urbanops.registry.device.Outcome;
import city.urbanops.registry.device.Refusal;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts an active device in quarantine and takes it out again, each by a named person with a reason: while
 * quarantined, its readings are still accepted and stored but marked, and rules and trends leave them out. The state
 * travels on the device's record.
 */
@Component
public class Quarantining {

    private final DeviceRepository devices;
    private final DeviceChanges changes;

    public Quarantining(DeviceRepository devices, DeviceChanges changes) {
        this.devices = devices;
        this.changes = changes;
    }

    /** Quarantines device {@code id}; {@code proposalId} names the triage proposal this accepts, if any. */
    @Transactional
    public Outcome<DeviceRecord> quarantine(String id, String reason, String proposalId, String actor,
                                            Long expectedVersion, AccessScope scope) {
        DeviceRow device = locked(id, scope);
        if (expectedVersion != null && expectedVersion != device.version()) {
            return Outcome.refused(new Refusal.StaleVersion(expectedVersion, device.version()));
        }
        if (device.lifecycle() != DeviceLifecycle.ACTIVE) {
            return Outcome.refused(new Refusal.StateConflict("not-active", "Device " + id + " is "
                    + device.lifecycle() + "; only an ACTIVE device can be quarantined."));
        }
        if (device.quarantine() != null) {
            return Outcome.refused(new Refusal.StateConflict("already-quarantined", "Device " + id
                    + " has been quarantined since " + device.quarantine().since() + " by "
                    + device.quarantine().by() + "."));
        }
        devices.updateQuarantine(id, new DeviceRecord.Quarantine(reason, actor, changes.now()));
        return Outcome.done(changes.committed(id, false,
                new DeviceChanges.Change(HistoryAction.QUARANTINED, null, null, reason, actor, proposalId)));
    }

    /** Releases device {@code id} from quarantine. */
    @Transactional
    public Outcome<DeviceRecord> release(String id, String reason, String actor, Long expectedVersion,
                                         AccessScope scope) {
        DeviceRow device = locked(id, scope);
        if (expectedVersion != null && expectedVersion != device.version()) {
            return Outcome.refused(new Refusal.StaleVersion(expectedVersion, device.version()));
        }
        if (device.quarantine() == null) {
            return Outcome.refused(new Refusal.StateConflict("not-quarantined",
                    "Device " + id + " is not in quarantine."));
        }
        devices.updateQuarantine(id, null);
        return Outcome.done(changes.committed(id, false, DeviceChanges.Change.of(HistoryAction.RELEASED, reason, actor)));
    }

    private DeviceRow locked(String id, AccessScope scope) {
        return devices.lock(id).filter(d -> d.visibleTo(scope))
                .orElseThrow(() -> new ResourceNotFoundException("No device " + id));
    }
}
