package city.urbanops.events.registry;

import java.time.Instant;

/**
 * The registry's current view of one device or gateway on the compacted {@code registry.devices} topic, keyed by
 * {@code deviceId}. A null value (tombstone) means the device was deleted. Schema: {@code schemas/v1/device-record.json}.
 */
public record DeviceRecord(
        String deviceId,
        DeviceKind kind,
        String deviceType,
        String gatewayId,
        DeviceLifecycle lifecycle,
        String department,
        String district,
        Double latitude,
        Double longitude,
        Instant updatedAt) {
}
