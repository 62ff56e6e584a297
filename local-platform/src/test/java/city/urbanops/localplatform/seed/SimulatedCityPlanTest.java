package city.urbanops.localplatform.seed;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.localplatform.seed.SimulatedCityPlan.DeviceType;
import city.urbanops.localplatform.seed.SimulatedCityPlan.PlannedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimulatedCityPlanTest {

    @Test
    void devicesAreNamedByGatewayTypeCodeAndNumberPerType() {
        var plan = SimulatedCityPlan.of(2, 16, 42);

        assertThat(plan.gateways()).extracting(PlannedDevice::id).containsExactly("gw-01", "gw-02");
        assertThat(plan.devices()).hasSize(32);
        assertThat(plan.devices()).extracting(PlannedDevice::id)
                .startsWith("gw-01-tl-001", "gw-01-aq-001", "gw-01-fl-001", "gw-01-wl-001", "gw-01-pk-001",
                        "gw-01-sl-001", "gw-01-ev-001", "gw-01-wb-001", "gw-01-tl-002")
                .endsWith("gw-02-wb-002");
    }

    @Test
    void departmentsFollowTheDeviceTypeAndDistrictsTheGateway() {
        var plan = SimulatedCityPlan.of(3, 8, 42);

        assertThat(plan.devices()).filteredOn(d -> d.id().equals("gw-01-fl-001")).singleElement()
                .satisfies(d -> {
                    assertThat(d.department()).isEqualTo("water");
                    assertThat(d.district()).isEqualTo("north");
                });
        assertThat(plan.gateways()).extracting(PlannedDevice::district).containsExactly("north", "south", "centre");
        assertThat(plan.devices()).extracting(PlannedDevice::department)
                .containsOnly("transport", "environment", "water", "lighting", "waste");
    }

    @Test
    void edgeGatewayLearnsWhichGatewaysStandInWhichDistrictAsTheRegistryHasThem(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var plan = SimulatedCityPlan.of(4, 1, 42);
        var secrets = GatewaySecrets.load(dir.resolve("secrets.properties"));
        plan.gateways().forEach(gateway -> secrets.keep(gateway.id(), new GatewaySecrets.Issued("c", "uogw_x")));

        assertThat(plan.edgeGatewayProperties(secrets)).contains(
                "urbanops.edge.simulation.districts.north=gw-01,gw-04",
                "urbanops.edge.simulation.districts.south=gw-02",
                "urbanops.edge.simulation.districts.centre=gw-03");
    }

    @Test
    void edgeGatewayGetsExactlyThePlannedDevices(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var plan = SimulatedCityPlan.of(1, 2, 42);
        var secrets = GatewaySecrets.load(dir.resolve("secrets.properties"));
        secrets.keep("gw-01", new GatewaySecrets.Issued("cred-1", "uogw_only-gateway-secret"));

        assertThat(plan.edgeGatewayProperties(secrets)).contains(
                "urbanops.edge.mqtt.secrets.gw-01=uogw_only-gateway-secret",
                "urbanops.edge.simulation.devices[0].id=gw-01-tl-001",
                "urbanops.edge.simulation.devices[0].gateway-id=gw-01",
                "urbanops.edge.simulation.devices[0].type=TRAFFIC_LOOP",
                "urbanops.edge.simulation.devices[1].id=gw-01-aq-001",
                "urbanops.edge.simulation.devices[1].type=AIR_QUALITY");
    }

    /**
     * The type names are a string contract with edge-gateway (it refuses unknown names at start); this catches a
     * rename in the build already, by reading edge-gateway's source rather than depending on its classes.
     */
    @Test
    void everyTypeNameAndCodeExistsInEdgeGatewaysSimulation() throws Exception {
        Path source = Path.of("..", "edge-gateway", "src", "main", "java", "city", "urbanops", "edge", "simulation",
                "DeviceType.java");
        String edgeTypes = Files.readString(source);

        for (DeviceType type : DeviceType.values()) {
            assertThat(edgeTypes).contains(type.name() + "(\"" + type.code() + "\"");
        }
    }
}
