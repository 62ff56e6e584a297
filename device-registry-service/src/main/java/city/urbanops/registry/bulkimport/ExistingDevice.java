package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import java.time.Instant;

/** A device as the registry holds it before an import touches it: what a row is compared with and checked against. */
record ExistingDevice(
        String deviceId,
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
        String quarantineReason,
        String quarantinedBy,
        Instant quarantinedSince,
        long version) {

    /** Revoked and decommissioned identities never come back silently: an import does not change them. */
    boolean retired() {
        return lifecycle == DeviceLifecycle.REVOKED || lifecycle == DeviceLifecycle.DECOMMISSIONED;
    }
}
