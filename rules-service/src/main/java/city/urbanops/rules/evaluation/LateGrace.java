package city.urbanops.rules.evaluation;

import java.time.Duration;
import java.time.Instant;

/**
 * "Replays are not news": a condition decided by a reading older than the wall clock minus the grace is held open but
 * not announced; a fresh reading while it still holds announces it (with its original start), and if it ends before
 * that, nobody hears of it. What was announced is always cleared, however late the clearing reading.
 */
record LateGrace(Duration grace) {

    /** Whether a reading of {@code eventTime}, processed at {@code wallMillis}, is news rather than history. */
    boolean fresh(Instant eventTime, long wallMillis) {
        return !eventTime.isBefore(Instant.ofEpochMilli(wallMillis).minus(grace));
    }
}
