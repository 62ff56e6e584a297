package city.urbanops.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.EventClass;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.store.MeasurementRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryRecordDecoderTest {

    private final EventJson json = new EventJson();
    private final TelemetryRecordDecoder decoder = new TelemetryRecordDecoder(json);
    private final Instant time = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void everyMeasurementBecomesARow() {
        TelemetryRecord record = new TelemetryRecord("dev-1", 7, time, EventClass.ENVIRONMENTAL, "gw-1",
                time.plusSeconds(1), List.of(Measurement.numeric("pm2_5", "ug/m3", 4.2),
                Measurement.bool("door_open", false), Measurement.text("status", "ok")));

        DecodedRecord decoded = decoder.decode(json.write(record));

        assertThat(decoded).isInstanceOfSatisfying(DecodedRecord.Readable.class, r -> assertThat(r.rows())
                .containsExactly(
                        new MeasurementRow("dev-1", time, 7, "pm2_5", "ug/m3", 4.2, null, null, "ENVIRONMENTAL",
                                "gw-1", time.plusSeconds(1), false),
                        new MeasurementRow("dev-1", time, 7, "door_open", null, null, false, null, "ENVIRONMENTAL",
                                "gw-1", time.plusSeconds(1), false),
                        new MeasurementRow("dev-1", time, 7, "status", null, null, null, "ok", "ENVIRONMENTAL",
                                "gw-1", time.plusSeconds(1), false)));
    }

    @Test
    void aQuarantinedReadingMarksEveryRow() {
        TelemetryRecord record = new TelemetryRecord("dev-1", 7, time, EventClass.ENVIRONMENTAL, "gw-1",
                time.plusSeconds(1), List.of(Measurement.numeric("pm2_5", "ug/m3", 4.2),
                Measurement.numeric("pm10", "ug/m3", 9.0)), true);

        DecodedRecord decoded = decoder.decode(json.write(record));

        assertThat(decoded).isInstanceOfSatisfying(DecodedRecord.Readable.class, r -> assertThat(r.rows())
                .extracting(MeasurementRow::quarantined).containsExactly(true, true));
    }

    @Test
    void aReadingWrittenBeforeTheQuarantineMarkExistedIsNotQuarantined() {
        byte[] withoutTheField = ("{\"deviceId\":\"dev-1\",\"seq\":3,\"time\":\"2026-11-25T08:00:00Z\","
                + "\"eventClass\":\"STATE\",\"measurements\":[{\"n\":\"door_open\",\"vb\":true}]}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.decode(withoutTheField)).isInstanceOfSatisfying(DecodedRecord.Readable.class,
                r -> assertThat(r.rows()).extracting(MeasurementRow::quarantined).containsExactly(false));
    }

    @Test
    void aReadingWithoutSeqIsStillUndecodable() {
        byte[] withoutSeq = ("{\"deviceId\":\"dev-1\",\"time\":\"2026-11-25T08:00:00Z\",\"eventClass\":\"STATE\","
                + "\"measurements\":[{\"n\":\"door_open\",\"vb\":true}]}").getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.decode(withoutSeq)).isInstanceOf(DecodedRecord.Undecodable.class);
    }

    @Test
    void garbageIsUndecodable() {
        assertThat(decoder.decode("{oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodedRecord.Undecodable.class);
        assertThat(decoder.decode(null)).isInstanceOf(DecodedRecord.Undecodable.class);
    }

    @Test
    void recordWithoutTimeIsUndecodable() {
        assertThat(decoder.decode("{\"deviceId\":\"d\",\"seq\":1,\"eventClass\":\"STATE\",\"measurements\":[]}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(DecodedRecord.Undecodable.class);
    }

    @Test
    void measurementWithTwoValuesIsUndecodable() {
        TelemetryRecord record = new TelemetryRecord("dev-1", 1, time, EventClass.STATE, null, null,
                List.of(new Measurement("x", null, 1.0, true, null)));

        assertThat(decoder.decode(json.write(record))).isInstanceOf(DecodedRecord.Undecodable.class);
    }
}
