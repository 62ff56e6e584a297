package city.urbanops.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryViewTest {

    private final RegistryView view = new RegistryView(new SimpleMeterRegistry());

    @Test
    void anOlderVersionArrivingLateDoesNotUndoANewerOne() {
        view.applyCredentials("gw-late", credentials(DeviceLifecycle.REVOKED, 5));
        view.applyCredentials("gw-late", credentials(DeviceLifecycle.ACTIVE, 4));

        assertThat(view.credentials("gw-late").lifecycle()).isEqualTo(DeviceLifecycle.REVOKED);
    }

    @Test
    void aTombstoneRemovesADevice() {
        view.applyDevice("d-1", device("d-1", 1));

        view.applyDevice("d-1", null);

        assertThat(view.device("d-1")).isNull();
        assertThat(view.deviceCount()).isZero();
    }

    @Test
    void devicesOfOneTypeShareOneMeasurementSet() {
        view.applyDevice("d-1", device("d-1", 1));
        view.applyDevice("d-2", device("d-2", 1));

        assertThat(view.device("d-1").measurements()).isSameAs(view.device("d-2").measurements())
                .containsExactlyInAnyOrder("pm10", "temperature");
    }

    private static GatewayCredentials credentials(DeviceLifecycle lifecycle, long version) {
        return new GatewayCredentials("gw-late", lifecycle, List.of(), List.of(), version, null);
    }

    private static DeviceRecord device(String id, long version) {
        return new DeviceRecord(id, null, DeviceKind.SENSOR, "air-quality", "gw-1", DeviceLifecycle.ACTIVE, null,
                "environment", "north", null, null, null, List.of("pm10", "temperature"), version, null);
    }
}
