package city.urbanops.telemetry.series;

import city.urbanops.events.registry.DeviceRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which department and district each device belongs to, as last published by the registry on the compacted
 * {@code registry.devices} topic. Used only to decide whether a caller's scope covers a device.
 */
@Component
public class DeviceDirectory {

    /** A device's owner and place. */
    public record DevicePlacement(String department, String district) {
    }

    private final Map<String, DevicePlacement> placements = new ConcurrentHashMap<>();

    /** Applies one record of the registry topic; a tombstone ({@code null}) forgets the device. */
    public void apply(String deviceId, DeviceRecord record) {
        if (record == null) {
            placements.remove(deviceId);
        } else {
            placements.put(deviceId, new DevicePlacement(record.department(), record.district()));
        }
    }

    public Optional<DevicePlacement> placement(String deviceId) {
        return Optional.ofNullable(placements.get(deviceId));
    }

    public int size() {
        return placements.size();
    }
}
