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
