package city.urbanops.telemetry.ingest;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.store.MeasurementRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

/**
 * Decodes a class-topic value into measurement rows, and refuses what the table could not hold (missing ids or
 * times, measurements without a name or with other than exactly one value), so that a bad record is skipped here
 * rather than failing its whole batch in the database.
 */
final class TelemetryRecordDecoder {

    private final ObjectReader reader;

    TelemetryRecordDecoder(EventJson json) {
        this.reader = json.mapper().readerFor(TelemetryRecord.class);
    }

    DecodedRecord decode(byte[] value) {
        if (value == null) {
            return new DecodedRecord.Undecodable("empty value");
        }
        TelemetryRecord record;
        try {
            record = reader.readValue(value);
        } catch (JacksonException notATelemetryRecord) {
            return new DecodedRecord.Undecodable("not a TelemetryRecord",
                    Objects.requireNonNullElse(notATelemetryRecord.getOriginalMessage(), ""));
        }
        if (record == null || isBlank(record.deviceId()) || record.time() == null || record.eventClass() == null
                || record.measurements() == null || record.measurements().isEmpty()) {
            return new DecodedRecord.Undecodable("deviceId, time, eventClass and measurements are required");
        }
        List<MeasurementRow> rows = new ArrayList<>(record.measurements().size());
        for (Measurement m : record.measurements()) {
            if (m == null || isBlank(m.name()) || valueCount(m) != 1) {
                return new DecodedRecord.Undecodable("measurement without a name or without exactly one value");
            }
            rows.add(new MeasurementRow(record.deviceId(), record.time(), record.seq(), m.name(), m.unit(),
                    m.value(), m.booleanValue(), m.stringValue(), record.eventClass().name(), record.gatewayId(),
                    record.receivedAt() != null ? record.receivedAt() : record.time(), record.quarantined()));
        }
        return new DecodedRecord.Readable(rows);
    }

    private static int valueCount(Measurement m) {
        return (m.value() != null ? 1 : 0) + (m.booleanValue() != null ? 1 : 0) + (m.stringValue() != null ? 1 : 0);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
