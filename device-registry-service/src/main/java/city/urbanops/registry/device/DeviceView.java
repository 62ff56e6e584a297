package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import java.time.Instant;
import java.util.List;

/** A device or gateway as the API shows it: its attributes, state, version and last signs of life. */
public record DeviceView(
        String id,
        String externalId,
        DeviceKind kind,
        String deviceType,
        String gatewayId,
        DeviceLifecycle lifecycle,
        DeviceRecord.Quarantine quarantine,
        String department,
        String district,
        String siteId,
        Double latitude,
        Double longitude,
        List<String> measurements,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant lastSeen,
        Connectivity connectivity) {

    public DeviceView {
        measurements = List.copyOf(measurements);
    }
}
