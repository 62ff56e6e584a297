package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import java.util.Objects;

/**
 * A valid import row: the complete description of one device. An empty optional field means "none" (no site, no
 * position, no external id). {@code lifecycle} is the state a new device starts in; an existing device keeps its own.
 */
record DeviceRow(
        long line,
        String deviceId,
        String externalId,
        DeviceKind kind,
        String deviceType,
        String gatewayId,
        String department,
        String district,
        String siteId,
        Double latitude,
        Double longitude,
        DeviceLifecycle lifecycle) {

    /** Whether importing this row into {@code device} would change nothing the device record carries. */
    boolean describes(ExistingDevice device) {
        return Objects.equals(externalId, device.externalId())
                && kind == device.kind()
                && deviceType.equals(device.deviceType())
                && Objects.equals(gatewayId, device.gatewayId())
                && department.equals(device.department())
                && district.equals(device.district())
                && Objects.equals(siteId, device.siteId())
                && Objects.equals(latitude, device.latitude())
                && Objects.equals(longitude, device.longitude());
    }
}
