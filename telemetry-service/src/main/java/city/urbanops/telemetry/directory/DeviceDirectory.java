package city.urbanops.telemetry.directory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which department and district each device belongs to, as last published by the registry on the compacted
 * {@code registry.devices} topic. Used only to decide whether a caller's scope covers a device; the quarantine mark of
 * a reading travels on the reading itself, so the directory keeps nothing else.
 */
@Component
public class DeviceDirectory {

    /** A device's owner and place, as of registry version {@code version}. */
    public record DevicePlacement(String department, String district, long version) {
    }

    private final Map<String, DevicePlacement> placements = new ConcurrentHashMap<>();

    /**
     * Records a device's placement unless the directory already holds a later version of it (an older record
     * re-published after a newer one must not win). Returns whether the placement was taken.
     */
    public boolean place(String deviceId, DevicePlacement placement) {
        DevicePlacement kept = placements.merge(deviceId, placement,
                (held, offered) -> offered.version() >= held.version() ? offered : held);
        return kept == placement;
    }

    /** Forgets a device the registry deleted (a tombstone). */
    public void forget(String deviceId) {
        placements.remove(deviceId);
    }

    public Optional<DevicePlacement> placement(String deviceId) {
        return Optional.ofNullable(placements.get(deviceId));
    }

    public int size() {
        return placements.size();
    }
}
