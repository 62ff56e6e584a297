package city.urbanops.registry.lifecycle;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.device.DeviceChanges;
import city.urbanops.registry.device.DeviceChanges.Change;
import city.urbanops.registry.device.DeviceRepository;
import city.urbanops.registry.device.DeviceRow;
import city.urbanops.registry.device.HistoryAction;
import city.urbanops.registry.device.Outcome;
import city.urbanops.registry.device.Refusal;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a device along its lifecycle with a reason and the acting person. A gateway's credentials record follows
 * every transition, so the MQTT edge admits or drops it at once. Leaving ACTIVE ends a quarantine, which the history
 * says too.
 */
@Component
public class ChangingLifecycle {

    private final DeviceRepository devices;
    private final DeviceChanges changes;

    public ChangingLifecycle(DeviceRepository devices, DeviceChanges changes) {
        this.devices = devices;
        this.changes = changes;
    }

    /**
     * Moves device {@code id} to {@code to}; {@code expectedVersion} (null: any) guards against a change made
     * meanwhile. An invalid transition is refused and changes nothing.
     */
    @Transactional
    public Outcome<DeviceRecord> change(String id, DeviceLifecycle to, String reason, String actor,
                                        Long expectedVersion, AccessScope scope) {
        DeviceRow device = devices.lock(id).filter(d -> d.visibleTo(scope))
                .orElseThrow(() -> new ResourceNotFoundException("No device " + id));
        if (expectedVersion != null && expectedVersion != device.version()) {
            return Outcome.refused(new Refusal.StaleVersion(expectedVersion, device.version()));
        }
        var refusal = LifecyclePolicy.check(device.lifecycle(), to);
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        devices.updateLifecycle(id, to);
        List<Change> history = new ArrayList<>();
        history.add(new Change(LifecyclePolicy.action(device.lifecycle(), to), device.lifecycle(), to, reason,
                actor, null));
        if (device.quarantine() != null && to != DeviceLifecycle.ACTIVE) {
            history.add(Change.of(HistoryAction.QUARANTINE_ENDED, "the device left ACTIVE: " + reason, actor));
        }
        return Outcome.done(changes.committed(id, device.gateway(), history.toArray(Change[]::new)));
    }
}
