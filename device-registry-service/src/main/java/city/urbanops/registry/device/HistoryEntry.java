package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceLifecycle;
import java.time.Instant;

/**
 * One line of a device's history: what happened, by whom and why, and the version it produced.
 *
 * @param from       the lifecycle before, for a transition
 * @param to         the lifecycle after, for a transition
 * @param proposalId the triage proposal a quarantine accepted, if any
 */
public record HistoryEntry(long id, String deviceId, long version, HistoryAction action, DeviceLifecycle from,
                           DeviceLifecycle to, String reason, String actor, String proposalId, Instant at) {
}
