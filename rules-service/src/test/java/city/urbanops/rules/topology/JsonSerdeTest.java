package city.urbanops.rules.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;

class JsonSerdeTest {

    private static final Instant TIME = Instant.parse("2026-11-30T08:00:00.123456789Z");
    private static final Finding.Sample SAMPLE = new Finding.Sample(new DeviceContext("fl-1", "flood-sensor", "gw-1",
            "water", "north", "site-1", 52.1, 4.3), "water_level", 1.25, TIME);

    @Test
    void internalStateKeepsInstantsToTheNanosecondWithoutIsoText() {
        var serde = JsonSerde.internal(Finding.Sample.class);

        var bytes = serde.serializer().serialize("store", SAMPLE);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("2026-11-30T");
        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(SAMPLE);
    }

    @Test
    void internalStateLeavesOutEmptyPropertiesAndReadsThemBackEmpty() {
        var serde = JsonSerde.internal(Finding.Sample.class);
        var sample = new Finding.Sample(new DeviceContext("fl-1", "flood-sensor", "gw-1", "water", "north", null,
                null, null), "water_level", 1.25, TIME);

        var bytes = serde.serializer().serialize("store", sample);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("null").doesNotContain("siteId");
        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(sample);
        assertThat(serde.deserializer().deserialize("store", new EventJson().write(sample)))
                .as("what a store wrote with its nulls").isEqualTo(sample);
    }

    @Test
    void internalStateWritesInstantsAsWholeNanosecondsAndReadsTheDecimalSecondsWrittenBefore() {
        var serde = JsonSerde.internal(Finding.Sample.class);

        var bytes = serde.serializer().serialize("store", SAMPLE);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"time\":" + (TIME.getEpochSecond()
                * 1_000_000_000L + TIME.getNano()));
        var decimal = new EventJson().mapper().rebuild().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DateTimeFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS).build().writeValueAsBytes(SAMPLE);
        assertThat(new String(decimal, StandardCharsets.UTF_8)).contains("\"time\":" + TIME.getEpochSecond() + ".");
        assertThat(serde.deserializer().deserialize("store", decimal)).isEqualTo(SAMPLE);
    }

    @Test
    void internalStateKeepsInstantsOutsideTheNanosecondRangeAndNearTheEpoch() {
        var serde = JsonSerde.internal(Finding.Sample.class);
        for (var time : List.of(Instant.EPOCH, Instant.ofEpochSecond(5, 7), Instant.ofEpochSecond(-5, 7),
                Instant.parse("1500-01-01T00:00:00.000000001Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
            var sample = new Finding.Sample(SAMPLE.device(), "water_level", 1.25, time);

            assertThat(serde.deserializer().deserialize("store", serde.serializer().serialize("store", sample)))
                    .as(time.toString()).isEqualTo(sample);
        }
    }

    @Test
    void internalStateReadsWhatAStoreWroteBeforeInIsoText() {
        var written = new EventJson().write(SAMPLE);

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("2026-11-30T08:00:00.123456789Z");
        assertThat(JsonSerde.internal(Finding.Sample.class).deserializer().deserialize("store", written))
                .isEqualTo(SAMPLE);
    }

    @Test
    void aRecordReadAgainIsTheSameInstanceAndAChangedOneIsParsedAnew() {
        var json = new EventJson();
        var serde = JsonSerde.interning(json.mapper(), DeviceRecord.class, 10);
        var device = device("fl-1", "north");

        var first = serde.deserializer().deserialize("registry", json.write(device));
        var again = serde.deserializer().deserialize("registry", json.write(device));
        var moved = serde.deserializer().deserialize("registry", json.write(device("fl-1", "south")));

        assertThat(first).isEqualTo(device).isSameAs(again);
        assertThat(moved.district()).isEqualTo("south");
    }

    @Test
    void theInternedSetIsBoundedAndStillAnswersEveryRecord() {
        var json = new EventJson();
        var serde = JsonSerde.interning(json.mapper(), DeviceRecord.class, 3);

        for (int i = 0; i < 10; i++) {
            var device = device("fl-" + i, "north");
            assertThat(serde.deserializer().deserialize("registry", json.write(device))).isEqualTo(device);
        }
        var early = serde.deserializer().deserialize("registry", json.write(device("fl-0", "north")));
        assertThat(early.deviceId()).isEqualTo("fl-0");
    }

    private static DeviceRecord device(String id, String district) {
        return new DeviceRecord(id, null, DeviceKind.SENSOR, "flood-sensor", "gw-1", DeviceLifecycle.ACTIVE, null,
                "water", district, "site-1", 52.0, 4.0, List.of("water_level"), 1, TIME);
    }
}
