package city.urbanops.rules.triage;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.JsonSerde;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SampleBookTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    private KeyValueStore<String, Finding.Sample> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TriageStores.SAMPLES), Serdes.String(),
                JsonSerde.internal(Finding.Sample.class)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<String, String>().getStateStoreContext(), store);
    }

    @Test
    void samplesAlreadyInTheStoreAreFoundAfterARestart() {
        store.put(TriageStores.key("flood-sensor", "water_level", "fl-1"), sample("fl-1", "flood-sensor", 1.2, T));
        store.put(TriageStores.key("flood-sensor", "water_level", "fl-2"), sample("fl-2", "flood-sensor", 1.4, T));
        store.put(TriageStores.key("weather-station", "water_level", "ws-1"),
                sample("ws-1", "weather-station", 9.9, T));

        var book = new SampleBook(store);

        assertThat(book.ofKind("flood-sensor", "water_level")).extracting(sample -> sample.device().deviceId())
                .containsExactlyInAnyOrder("fl-1", "fl-2");
        assertThat(book.latest("flood-sensor", "water_level", "fl-2").value()).isEqualTo(1.4);
        assertThat(book.latest("flood-sensor", "water_level", "fl-3")).isNull();
    }

    @Test
    void aLaterSampleReplacesTheDevicesLastInTheStoreTooAndAnOlderOneChangesNothing() {
        var book = new SampleBook(store);

        book.put(sample("fl-1", "flood-sensor", 1.2, T));
        book.put(sample("fl-1", "flood-sensor", 1.5, T.plusSeconds(60)));
        book.put(sample("fl-1", "flood-sensor", 0.1, T.plusSeconds(30)));

        assertThat(book.ofKind("flood-sensor", "water_level")).singleElement()
                .satisfies(sample -> assertThat(sample.value()).isEqualTo(1.5));
        assertThat(store.get(TriageStores.key("flood-sensor", "water_level", "fl-1")).value()).isEqualTo(1.5);
        assertThat(new SampleBook(store).latest("flood-sensor", "water_level", "fl-1").time())
                .isEqualTo(T.plusSeconds(60));
    }

    private static Finding.Sample sample(String deviceId, String type, double value, Instant time) {
        return new Finding.Sample(new DeviceContext(deviceId, type, "gw-1", "water", "north", null, 52.1, 4.3),
                "water_level", value, time);
    }
}
