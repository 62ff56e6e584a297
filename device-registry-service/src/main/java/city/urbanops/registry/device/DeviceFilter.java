package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;

/** The filters of the device list; a null filter does not restrict. */
public record DeviceFilter(String department, String district, String deviceType, DeviceLifecycle lifecycle,
                           Boolean quarantined, String gatewayId, Connectivity connectivity, DeviceKind kind,
                           String externalId) {
}
