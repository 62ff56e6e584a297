package city.urbanops.registry.connectivity;

import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import java.time.Instant;

/**
 * The latest signs of life of one device gathered since the last flush.
 *
 * @param lastSeen     the latest reading (record timestamp) or ONLINE status event, null if none came
 * @param connectivity a gateway's connectivity from its latest applicable status event, null if none came
 * @param since        when that status event happened
 * @param instance     the ingestion instance that reported it
 */
record Activity(String deviceId, Instant lastSeen, Connectivity connectivity, Instant since, String instance) {

    /** This activity with a reading seen at {@code at}. */
    Activity seen(Instant at) {
        return lastSeen != null && !at.isAfter(lastSeen) ? this
                : new Activity(deviceId, at, connectivity, since, instance);
    }

    /**
     * This activity with a status event applied, by the same rule the database applies on flush: a newer ONLINE
     * always wins; a newer OFFLINE wins unless the gateway is online through another instance (it reconnected there
     * before the instance it left noticed the lost connection).
     */
    Activity status(Connectivity reported, Instant at, String reporter) {
        boolean newer = since == null || !at.isBefore(since);
        boolean applies = newer && (reported == Connectivity.ONLINE || connectivity != Connectivity.ONLINE
                || reporter.equals(instance));
        if (!applies) {
            return this;
        }
        Instant seen = reported == Connectivity.ONLINE && (lastSeen == null || at.isAfter(lastSeen)) ? at : lastSeen;
        return new Activity(deviceId, seen, reported, at, reporter);
    }

    static Activity none(String deviceId) {
        return new Activity(deviceId, null, null, null, null);
    }
}
