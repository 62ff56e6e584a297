package city.urbanops.rules.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry vocabulary as records of registry.devices arrive: what it learns, forgets and refuses. */
class RegistryVocabularyTest {

    private final RegistryVocabulary vocabulary = new RegistryVocabulary(3, new SimpleMeterRegistry());

    @Test
    void aDeviceTypeReportsTheUnionOfItsDevicesMeasurements() {
        vocabulary.apply("a", device("a", 1, "multi", "water", "north", "site-1", List.of("temperature")));
        vocabulary.apply("b", device("b", 1, "multi", "water", "south", null, List.of("humidity", "temperature")));

        assertThat(vocabulary.measurementsOf("multi")).contains(List.of("humidity", "temperature"));
        assertThat(vocabulary.departments()).containsExactly("water");
        assertThat(vocabulary.districts()).containsExactlyInAnyOrder("north", "south");
        assertThat(vocabulary.sites()).containsExactly("site-1");
        assertThat(vocabulary.hasDevice("a")).isTrue();
        assertThat(vocabulary.measurementsOf("toaster")).isEmpty();
    }

    @Test
    void aTombstoneForgetsWhatOnlyThatDeviceNamed() {
        vocabulary.apply("a", device("a", 1, "multi", "water", "north", "site-1", List.of("temperature")));
        vocabulary.apply("b", device("b", 1, "multi", "water", "south", null, List.of("humidity")));

        vocabulary.apply("b", null);

        assertThat(vocabulary.hasDevice("b")).isFalse();
        assertThat(vocabulary.districts()).containsExactly("north");
        assertThat(vocabulary.measurementsOf("multi")).contains(List.of("temperature"));
        vocabulary.apply("a", null);
        assertThat(vocabulary.measurementsOf("multi")).isEmpty();
        assertThat(vocabulary.departments()).isEmpty();
    }

    @Test
    void aMovedDeviceIsOnlyWhereItIsNowAndAnOlderVersionChangesNothing() {
        vocabulary.apply("a", device("a", 1, "flood", "water", "north", null, List.of("water_level")));
        vocabulary.apply("a", device("a", 3, "flood", "water", "south", null, List.of("water_level")));

        vocabulary.apply("a", device("a", 2, "flood", "water", "east", null, List.of("water_level")));

        assertThat(vocabulary.districts()).containsExactly("south");
    }

    @Test
    void devicesBeyondTheBoundAreRefusedAndCounted() {
        for (var id : List.of("a", "b", "c", "d")) {
            vocabulary.apply(id, device(id, 1, "flood", "water", "north", null, List.of("water_level")));
        }
        vocabulary.apply("a", device("a", 2, "flood", "water", "south", null, List.of("water_level")));

        assertThat(vocabulary.deviceCount()).isEqualTo(3);
        assertThat(vocabulary.hasDevice("d")).isFalse();
        assertThat(vocabulary.refusedDevices()).isEqualTo(1);
        assertThat(vocabulary.districts()).as("a known device still changes").contains("south");
    }

    private static DeviceRecord device(String id, long version, String type, String department, String district,
                                       String site, List<String> measurements) {
        return new DeviceRecord(id, null, DeviceKind.SENSOR, type, "gw-1", DeviceLifecycle.ACTIVE, null, department,
                district, site, null, null, measurements, version, Instant.parse("2026-11-30T08:00:00Z"));
    }
}
