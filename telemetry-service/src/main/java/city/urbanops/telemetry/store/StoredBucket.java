package city.urbanops.telemetry.store;

import java.time.Instant;

/**
 * Aggregates of one time bucket: numeric statistics plus the latest value of whichever kind was measured.
 * {@code quarantinedCount} is how many of the {@code count} readings were quarantined (0 unless they were included).
 */
public record StoredBucket(Instant start, long count, long quarantinedCount, Double min, Double max, Double avg,
                           Double lastValue, Boolean lastBool, String lastText, String unit) {
}
