package city.urbanops.ingestion.registry;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import java.util.Set;

/**
 * What ingestion keeps of one {@link DeviceRecord}: only what judging a reading needs, so that the view of a city's
 * hundred thousand devices stays a few tens of megabytes.
 *
 * @param gatewayId    the gateway that alone may publish for the device; null for a gateway itself
 * @param measurements the measurement names the device's type reports (one shared set per distinct list)
 */
public record KnownDevice(String deviceId, String gatewayId, DeviceLifecycle lifecycle, boolean quarantined,
                          Set<String> measurements, long version) {

    /** Whether {@code publishingGateway} may speak for this device: it is attached to it, or it is that gateway. */
    public boolean attachedTo(String publishingGateway) {
        return publishingGateway.equals(gatewayId) || (gatewayId == null && publishingGateway.equals(deviceId));
    }

    public boolean active() {
        return lifecycle == DeviceLifecycle.ACTIVE;
    }
}
