package city.urbanops.registry.bulkimport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry's devices an import's rows name (by device id, external id or gateway id), indexed both ways. */
final class KnownDevices {

    private final Map<String, ExistingDevice> byId = new HashMap<>();
    private final Map<String, ExistingDevice> byExternalId = new HashMap<>();

    KnownDevices(List<ExistingDevice> devices) {
        for (ExistingDevice device : devices) {
            byId.put(device.deviceId(), device);
            if (device.externalId() != null) {
                byExternalId.put(device.externalId(), device);
            }
        }
    }

    Optional<ExistingDevice> byId(String deviceId) {
        return Optional.ofNullable(byId.get(deviceId));
    }

    Optional<ExistingDevice> byExternalId(String externalId) {
        return Optional.ofNullable(byExternalId.get(externalId));
    }
}
