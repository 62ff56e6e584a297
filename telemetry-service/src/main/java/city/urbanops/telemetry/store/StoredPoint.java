package city.urbanops.telemetry.store;

import java.time.Instant;

/** One stored measurement value as read back for a series, with its quarantine mark. */
public record StoredPoint(Instant time, long seq, String unit, Double value, Boolean valueBool, String valueText,
                          boolean quarantined) {
}
