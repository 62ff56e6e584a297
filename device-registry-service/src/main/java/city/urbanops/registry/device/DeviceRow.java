package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.security.AccessScope;
import java.time.Instant;

/** One row of {@code device}: a sensor or a gateway as the registry stores it. */
public record DeviceRow(
        String id,
        String externalId,
        DeviceKind kind,
        String deviceType,
        String gatewayId,
        DeviceLifecycle lifecycle,
        String department,
        String district,
        String siteId,
        Double latitude,
        Double longitude,
        DeviceRecord.Quarantine quarantine,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public boolean visibleTo(AccessScope scope) {
        return scope.allows(department, district);
    }

    public boolean gateway() {
        return kind == DeviceKind.GATEWAY;
    }
}
