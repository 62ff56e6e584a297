package city.urbanops.telemetry.store;

import java.time.Instant;

/** One measurement of one reading: a row of {@code telemetry_measurement}. Exactly one value field is set. */
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
        Instant receivedAt) {
}
