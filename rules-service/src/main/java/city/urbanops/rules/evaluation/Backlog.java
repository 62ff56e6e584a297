package city.urbanops.rules.evaluation;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether this task is working through a backlog (after a restart, a partition move, a stall): it is, while the
 * readings it processes were received by ingestion longer than the late grace ago. A device's reading may then still
 * be waiting in the backlog, so its silence is not yet the device's. A gateway replaying its buffer does not count:
 * ingestion received the replay just now. An idle task (nothing processed for an absence check interval) is not
 * behind. Kept in memory: the first absence check after a start comes one interval after processing began.
 */
final class Backlog {

    private final Duration grace;
    private final Duration idleAfter;
    private long lastProcessedWallMillis = Long.MIN_VALUE;
    private long lastReceivedMillis = Long.MAX_VALUE;

    Backlog(Duration grace, Duration idleAfter) {
        this.grace = grace;
        this.idleAfter = idleAfter;
    }

    void processed(Instant receivedAt, long wallMillis) {
        lastProcessedWallMillis = wallMillis;
        lastReceivedMillis = receivedAt == null ? wallMillis : receivedAt.toEpochMilli();
    }

    boolean catchingUp(long wallMillis) {
        boolean busy = lastProcessedWallMillis != Long.MIN_VALUE
                && wallMillis - lastProcessedWallMillis < idleAfter.toMillis();
        return busy && lastProcessedWallMillis - lastReceivedMillis > grace.toMillis();
    }
}
