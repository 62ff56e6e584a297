package city.urbanops.events.registry;

import java.time.Instant;
import java.util.List;

/**
 * The registry's current view of one device or gateway on the compacted {@code registry.devices} topic, keyed by
 * {@code deviceId}. A null value (tombstone) means the device was deleted. Every change the registry commits bumps
 * {@code version} and is published once per version; {@link #eventId()} spells {@code deviceId/version}, so a consumer
 * recognises a copy. No credential material ever travels here (see {@link GatewayCredentials}).
 * Schema: {@code schemas/v1/device-record.json}.
 *
 * @param externalId   the owner's asset-system id, unique within the registry; null when the owner has none
 * @param deviceType   the catalogue type ({@code air-quality}); a gateway's is {@code edge-gateway}
 * @param gatewayId    the gateway the device is attached to and which alone may publish for it; null for a gateway
 * @param quarantine   set while a person has quarantined the device: its readings are stored, marked, and excluded from
 *                     rules and trends
 * @param siteId       the site the device is installed at, if any
 * @param measurements the measurement names (of the event model's {@code MeasurementCatalog}) its type reports; a
 *                     reading with any other name is refused; empty for a gateway
 * @param version      1 for the first record of a device, +1 for every committed change
 */
public record DeviceRecord(
        String deviceId,
        String externalId,
        DeviceKind kind,
        String deviceType,
        String gatewayId,
        DeviceLifecycle lifecycle,
        Quarantine quarantine,
        String department,
        String district,
        String siteId,
        Double latitude,
        Double longitude,
        List<String> measurements,
        long version,
        Instant updatedAt) {

    public DeviceRecord {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }

    /** The CloudEvents id of this record, {@code deviceId/version}: one per committed change. */
    public String eventId() {
        return deviceId + "/" + version;
    }

    /** Whether readings of this device may be accepted: only an {@link DeviceLifecycle#ACTIVE} device publishes. */
    public boolean publishes() {
        return lifecycle == DeviceLifecycle.ACTIVE;
    }

    public boolean quarantined() {
        return quarantine != null;
    }

    /** Why and since when a person quarantined the device, and who. */
    public record Quarantine(String reason, String by, Instant since) {
    }
}
