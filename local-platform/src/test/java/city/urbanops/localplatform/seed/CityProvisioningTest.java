package city.urbanops.localplatform.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CityProvisioningTest {

    private final SimulatedCityPlan plan = SimulatedCityPlan.of(2, 16, 42);

    @Test
    void theImportListsEveryGatewayBeforeTheDevicesAttachedToItAllActive() {
        List<String> lines = Arrays.asList(new String(CityProvisioning.csv(plan), StandardCharsets.UTF_8).split("\n"));

        assertThat(lines.getFirst()).startsWith("deviceId,externalId,kind,deviceType,gatewayId");
        assertThat(lines).hasSize(1 + 2 + 32);
        assertThat(lines.subList(1, 3)).allSatisfy(line -> assertThat(line).contains(",GATEWAY,edge-gateway,,"));
        assertThat(lines.subList(3, lines.size())).allSatisfy(line -> assertThat(line).contains(",SENSOR,")
                .matches("^gw-0[12]-[a-z]{2}-\\d{3},SIM-gw-0[12]-.*,gw-0[12],.*")).allMatch(l -> l.endsWith(",ACTIVE"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(",air-quality,"));
    }

    @Test
    void everyDistrictBoundaryIsAClosedRingHoldingEveryDeviceOfTheDistrict() {
        for (var device : plan.devices()) {
            @SuppressWarnings("unchecked")
            var ring = ((List<List<List<Double>>>) plan.districtBoundary(device.district()).get("coordinates")).getFirst();
            assertThat(ring.getFirst()).isEqualTo(ring.getLast());
            double west = ring.get(0).get(0);
            double south = ring.get(0).get(1);
            double east = ring.get(2).get(0);
            double north = ring.get(2).get(1);
            assertThat(device.longitude()).isBetween(west, east);
            assertThat(device.latitude()).isBetween(south, north);
        }
        assertThat(plan.districtBoundary("north")).containsEntry("type", "Polygon").isInstanceOf(Map.class);
    }
}
