package city.urbanops.telemetry.store;

import java.time.Instant;

/**
 * One measurement of one reading: a row of {@code telemetry_measurement}. Exactly one value field is set;
 * {@code quarantined} is the reading's quarantine mark, as ingestion set it.
 */
public record MeasurementRow(
        String deviceId,
        Instant time,
        long seq,
        String name,
        String unit,
        Double value,
        Boolean valueBool,
        String valueText,
        String eventClass,
        String gatewayId,
        Instant receivedAt,
        boolean quarantined) {
}
