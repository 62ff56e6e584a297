package city.urbanops.registry.outbox;

import java.time.Instant;

/**
 * What the relay last knew about itself, for its health and metrics: read from memory, never from Kafka or the
 * database on a request.
 *
 * @param role          whether this instance is the one relaying
 * @param pending       rows not yet published, as last counted
 * @param oldestPending when the oldest of them was written, null when none waits
 * @param failingSince  since when every attempt to publish has failed, null while the relay works
 * @param lastFailure   the kind of the last failure (an exception class, never a message that might carry data)
 */
public record RelayStatus(Role role, long pending, Instant oldestPending, Instant failingSince, String lastFailure) {

    /** Whether this instance relays, waits for the lock, or does not take part. */
    public enum Role { ACTIVE, STANDBY, DISABLED }

    static RelayStatus initial(Role role) {
        return new RelayStatus(role, 0, null, null, null);
    }
}
