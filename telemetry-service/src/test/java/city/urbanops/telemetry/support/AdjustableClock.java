package city.urbanops.telemetry.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted by an offset a test can change, or frozen at an instant, so day-based maintenance can be
 * moved in time and cannot see a day change under a test's feet.
 */
public final class AdjustableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    public void shift(Duration by) {
        offset = by;
    }

    /** Stops the clock at {@code instant} until {@link #reset()}. */
    public void freezeAt(Instant instant) {
        frozenAt = instant;
    }

    public void reset() {
        offset = Duration.ZERO;
        frozenAt = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the telemetry service works in UTC");
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : Instant.now().plus(offset);
    }
}
