package city.urbanops.telemetry.store;

import java.time.Instant;

/** Aggregates of one time bucket: numeric statistics plus the latest value of whichever kind was measured. */
public record StoredBucket(Instant start, long count, Double min, Double max, Double avg, Double lastValue,
                           Boolean lastBool, String lastText, String unit) {
}
