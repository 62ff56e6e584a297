package city.urbanops.edge.uplink;

import java.time.Duration;

/** Exponential backoff between retries of the same batch: doubles from {@code initial} up to {@code max}. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The pause before the next attempt; each call doubles the following one, up to the maximum. */
    Duration nextDelay() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    void reset() {
        next = initial;
    }
}
