package city.urbanops.registry.device;

import city.urbanops.registry.reference.DeviceTypeMeasurementsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a type's measurements change, every device of the type gets a new version and record (its {@code measurements}
 * changed), in the transaction that changed the type: ingestion must not accept a measurement the type dropped.
 */
@Component
class RepublishingDevicesOfType {

    private final DeviceRepository devices;
    private final DeviceChanges changes;

    RepublishingDevicesOfType(DeviceRepository devices, DeviceChanges changes) {
        this.devices = devices;
        this.changes = changes;
    }

    @EventListener
    void on(DeviceTypeMeasurementsChanged changed) {
        for (String deviceId : devices.lockIdsOfType(changed.deviceType())) {
            changes.committed(deviceId, false, DeviceChanges.Change.of(HistoryAction.TYPE_CHANGED,
                    "type " + changed.deviceType() + " now reports " + changed.measurements(), changed.actor()));
        }
    }
}
