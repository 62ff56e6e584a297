package city.urbanops.registry.connectivity;

import city.urbanops.events.gateway.GatewayStatusEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the latest activity per device between two flushes. Memory is bounded by the number of distinct devices
 * seen in one flush interval, never by the number of readings: one entry (about 200 bytes) per device, and at most
 * {@code capacity} of them; when it is full the consumer flushes early, and stops reading while a flush fails.
 * Confined to the consumer's thread.
 */
final class ActivityAggregator {

    private final int capacity;
    private final Map<String, Activity> byDevice = new HashMap<>();

    ActivityAggregator(int capacity) {
        this.capacity = capacity;
    }

    /** A reading of {@code deviceId}, recorded at {@code at}. */
    void seen(String deviceId, Instant at) {
        byDevice.compute(deviceId, (id, activity) -> (activity == null ? Activity.none(id) : activity).seen(at));
    }

    /** A gateway's status event. */
    void status(GatewayStatusEvent event, Instant at) {
        byDevice.compute(event.gatewayId(), (id, activity) -> (activity == null ? Activity.none(id) : activity)
                .status(event.connectivity(), at, event.ingestionInstance()));
    }

    boolean full() {
        return byDevice.size() >= capacity;
    }

    boolean isEmpty() {
        return byDevice.isEmpty();
    }

    int size() {
        return byDevice.size();
    }

    Collection<Activity> activities() {
        return List.copyOf(byDevice.values());
    }

    /** After a successful flush. */
    void clear() {
        byDevice.clear();
    }
}
