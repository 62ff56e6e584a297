package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.security.AccessScope;
import java.time.Instant;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers a sensor or a gateway, {@code PROVISIONED} at version 1, inside the caller's scope; its first record
 * (and a gateway's first, still secret-less, credentials record) goes to the outbox with it.
 */
@Component
public class RegisteringDevice {

    private final DeviceRepository devices;
    private final DeviceChecks checks;
    private final DeviceChanges changes;

    public RegisteringDevice(DeviceRepository devices, DeviceChecks checks, DeviceChanges changes) {
        this.devices = devices;
        this.checks = checks;
        this.changes = changes;
    }

    /** What a new device is. */
    public record NewDevice(String id, String externalId, DeviceKind kind, String deviceType, String gatewayId,
                            String department, String district, String siteId, Double latitude, Double longitude) {
    }

    /**
     * Registers {@code device}; 400 naming the field for a broken reference, 403 when it would lie outside the
     * caller's scope, a {@link Refusal.Duplicate} when its id or external id is taken.
     */
    @Transactional
    public Outcome<DeviceRecord> register(NewDevice device, String actor, AccessScope scope) {
        if (!scope.allows(device.department(), device.district())) {
            throw new AccessDeniedException("department/district outside the caller's scope");
        }
        Instant now = changes.now();
        DeviceRow row = new DeviceRow(device.id(), device.externalId(), device.kind(), device.deviceType(),
                device.gatewayId(), DeviceLifecycle.PROVISIONED, device.department(), device.district(),
                device.siteId(), device.latitude(), device.longitude(), null, 1, now, now);
        checks.attributes(row, scope);
        if (devices.exists(device.id())) {
            return Outcome.refused(new Refusal.Duplicate("id", device.id()));
        }
        if (device.externalId() != null && devices.idOfExternalId(device.externalId()).isPresent()) {
            return Outcome.refused(new Refusal.Duplicate("externalId", device.externalId()));
        }
        devices.insert(row);
        return Outcome.done(changes.created(device.id(), new DeviceChanges.Change(HistoryAction.CREATED, null,
                DeviceLifecycle.PROVISIONED, null, actor, null), row.gateway()));
    }
}
