package city.urbanops.edge.uplink;

import city.urbanops.events.uplink.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Groups readings into batches that close at {@code maxReadings} readings or {@code maxDelay} after their first
 * reading, whichever comes first. Not thread-safe: its owner synchronises.
 */
final class ReadingBatcher {

    private final int maxReadings;
    private final Duration maxDelay;
    private List<Reading> open = new ArrayList<>();
    private Instant openedAt;

    ReadingBatcher(int maxReadings, Duration maxDelay) {
        this.maxReadings = maxReadings;
        this.maxDelay = maxDelay;
    }

    /** Adds readings; returns every batch that filled up, in order. */
    List<List<Reading>> add(List<Reading> readings, Instant now) {
        var closed = new ArrayList<List<Reading>>();
        for (Reading reading : readings) {
            if (open.isEmpty()) {
                openedAt = now;
            }
            open.add(reading);
            if (open.size() >= maxReadings) {
                closed.add(takeOpen());
            }
        }
        return closed;
    }

    /** The open batch if it has waited {@code maxDelay} or longer. */
    Optional<List<Reading>> due(Instant now) {
        if (open.isEmpty() || now.isBefore(openedAt.plus(maxDelay))) {
            return Optional.empty();
        }
        return Optional.of(takeOpen());
    }

    /** Whatever is open, regardless of age (at shutdown). */
    Optional<List<Reading>> drain() {
        return open.isEmpty() ? Optional.empty() : Optional.of(takeOpen());
    }

    private List<Reading> takeOpen() {
        List<Reading> batch = List.copyOf(open);
        open = new ArrayList<>();
        openedAt = null;
        return batch;
    }
}
