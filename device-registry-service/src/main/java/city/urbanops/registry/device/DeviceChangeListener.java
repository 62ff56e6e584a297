package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceRecord;
import java.time.Instant;

/**
 * Told of every committed device change, line by line of its history, inside the change's own transaction: what a
 * listener writes commits or rolls back with the change.
 */
public interface DeviceChangeListener {

    /**
     * @param device  the device's record after the change
     * @param version the device version the change made
     * @param at      when it was stored
     * @param change  what the history says about it
     */
    void onDeviceChange(DeviceRecord device, long version, Instant at, DeviceChanges.Change change);
}
