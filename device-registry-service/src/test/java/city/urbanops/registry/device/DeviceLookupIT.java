package city.urbanops.registry.device;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console's lookups: many devices by id in one call, and the devices of the same type near one — both in the
 * caller's scope exactly as the device list is, both bounded.
 */
class DeviceLookupIT extends RegistryServiceIT {

    // 0.001 degree of latitude is about 111 m.
    private static final double LAT = 47.05;
    private static final double LON = 8.05;

    RegistryApi api;
    RegistryFixtures fixtures;

    @BeforeEach
    void setUp() {
        api = new RegistryApi(baseUrl());
        fixtures = new RegistryFixtures(api).referenceData();
    }

    @Test
    void devicesAreLookedUpByIdInOneCallWithConnectivityLifecycleAndQuarantineOnlyInTheCallersScope() {
        String transport = fixtures.activeSensor("transport", "north");
        String water = fixtures.activeSensor("water", "north");
        String quarantined = fixtures.activeSensor("transport", "south");
        assertThat(api.post("/api/v1/devices/" + quarantined + "/quarantine", "supervisor",
                Map.of("reason", "stuck value")).statusCode()).isEqualTo(200);
        String ids = String.join(",", transport, water, quarantined, "no-such-device", transport);

        JsonNode operator = ok(api.get("/api/v1/devices?ids=" + ids, "operator"));
        JsonNode admin = ok(api.get("/api/v1/devices?ids=" + ids, "admin"));

        assertThat(operator.get("items").valueStream().map(d -> d.get("id").asString()))
                .containsExactlyInAnyOrder(transport, quarantined);
        assertThat(admin.get("items").valueStream().map(d -> d.get("id").asString()))
                .containsExactlyInAnyOrder(transport, water, quarantined);
        assertThat(operator.get("next").isNull() || operator.get("next").isMissingNode()).isTrue();
        JsonNode device = operator.get("items").valueStream()
                .filter(d -> d.get("id").asString().equals(quarantined)).findFirst().orElseThrow();
        assertThat(device.get("lifecycle").asString()).isEqualTo("ACTIVE");
        assertThat(device.get("connectivity").asString()).isEqualTo("UNKNOWN");
        assertThat(device.get("quarantine").get("reason").asString()).isEqualTo("stuck value");
    }

    @Test
    void aLookupOfMoreThanTwoHundredIdsOrOfSomethingNotAnIdIsRefusedNamingIds() {
        String many = String.join(",", IntStream.rangeClosed(1, 201).mapToObj(i -> "d-" + i).toList());
        String twoHundred = String.join(",", IntStream.rangeClosed(1, 200).mapToObj(i -> "d-" + i).toList());

        assertThat(field(api.get("/api/v1/devices?ids=" + many, "admin"))).isEqualTo("ids");
        assertThat(field(api.get("/api/v1/devices?ids=bad%20id!", "admin"))).isEqualTo("ids");
        assertThat(api.get("/api/v1/devices?ids=" + twoHundred, "admin").statusCode()).isEqualTo(200);
    }

    @Test
    void neighboursAreDevicesOfTheSameTypeNearestFirstWithTheirDistanceWithinTheRadius() {
        String type = type();
        String centre = located(type, "transport", "north", LAT, LON);
        String near = located(type, "transport", "north", LAT + 0.002, LON);
        String nearer = located(type, "transport", "south", LAT + 0.001, LON);
        String far = located(type, "transport", "north", LAT + 0.02, LON);
        String otherType = located(type(), "transport", "north", LAT + 0.001, LON);

        JsonNode answer = ok(api.get("/api/v1/devices/" + centre + "/neighbours", "operator"));

        assertThat(answer.get("radiusMeters").asDouble()).isEqualTo(1000.0);
        List<JsonNode> items = answer.get("items").valueStream().toList();
        assertThat(items).extracting(n -> n.get("device").get("id").asString()).containsExactly(nearer, near)
                .doesNotContain(far, otherType, centre);
        assertThat(items.get(0).get("distanceMeters").asDouble()).isBetween(105.0, 118.0);
        assertThat(items.get(1).get("distanceMeters").asDouble()).isBetween(215.0, 230.0);
        assertThat(items.get(0).get("device").get("connectivity").asString()).isEqualTo("UNKNOWN");
        assertThat(ok(api.get("/api/v1/devices/" + centre + "/neighbours?radiusMeters=3000&limit=1", "operator"))
                .get("items").valueStream().map(n -> n.get("device").get("id").asString())).containsExactly(nearer);
        assertThat(ok(api.get("/api/v1/devices/" + centre + "/neighbours?radiusMeters=3000", "operator"))
                .get("items").valueStream().map(n -> n.get("device").get("id").asString()))
                .containsExactly(nearer, near, far);
    }

    @Test
    void neighboursOutsideTheCallersScopeAreNotShownAndADeviceOutsideItIsNotFound() {
        String type = type();
        String transport = located(type, "transport", "north", LAT, LON);
        String water = located(type, "water", "north", LAT + 0.001, LON);
        String transportToo = located(type, "transport", "north", LAT + 0.002, LON);

        assertThat(ok(api.get("/api/v1/devices/" + transport + "/neighbours", "operator")).get("items").valueStream()
                .map(n -> n.get("device").get("id").asString())).containsExactly(transportToo);
        assertThat(ok(api.get("/api/v1/devices/" + transport + "/neighbours", "supervisor")).get("items")
                .valueStream().map(n -> n.get("device").get("id").asString())).containsExactly(water, transportToo);
        assertThat(api.get("/api/v1/devices/" + water + "/neighbours", "operator").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/devices/no-such-device/neighbours", "operator").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeviceWithoutALocationHasNoNeighboursAndDecommissionedDevicesAreNone() {
        String type = type();
        String unplaced = device(type, "transport", "north", null, null);
        String centre = located(type, "transport", "north", LAT, LON);
        String retired = located(type, "transport", "north", LAT + 0.001, LON);
        fixtures.transition(retired, "DECOMMISSIONED", "removed from the street");

        assertThat(ok(api.get("/api/v1/devices/" + unplaced + "/neighbours", "operator")).get("items")).isEmpty();
        assertThat(ok(api.get("/api/v1/devices/" + centre + "/neighbours", "operator")).get("items")).isEmpty();
    }

    @Test
    void theRadiusAndTheLimitAreBounded() {
        String centre = located(type(), "transport", "north", LAT, LON);
        String path = "/api/v1/devices/" + centre + "/neighbours";

        assertThat(field(api.get(path + "?radiusMeters=10001", "operator"))).isEqualTo("radiusMeters");
        assertThat(field(api.get(path + "?radiusMeters=0", "operator"))).isEqualTo("radiusMeters");
        assertThat(field(api.get(path + "?limit=51", "operator"))).isEqualTo("limit");
        assertThat(field(api.get(path + "?limit=0", "operator"))).isEqualTo("limit");
        assertThat(api.get(path + "?radiusMeters=10000&limit=50", "operator").statusCode()).isEqualTo(200);
    }

    /** A device type of the test's own, so devices of other tests are never its neighbours. */
    private String type() {
        String id = newId("nb-type");
        assertThat(api.post("/api/v1/device-types", "admin", Map.of("id", id, "kind", "SENSOR",
                "measurements", List.of("water_level"))).statusCode()).isEqualTo(201);
        return id;
    }

    private String located(String type, String department, String district, double latitude, double longitude) {
        return device(type, department, district, latitude, longitude);
    }

    private String device(String type, String department, String district, Double latitude, Double longitude) {
        String gateway = fixtures.gateway(department, district);
        String id = newId("nb");
        var body = new java.util.HashMap<String, Object>(Map.of("id", id, "kind", "SENSOR", "deviceType", type,
                "gatewayId", gateway, "department", department, "district", district));
        if (latitude != null) {
            body.put("latitude", latitude);
            body.put("longitude", longitude);
        }
        HttpResponse<String> created = api.post("/api/v1/devices", "admin", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return id;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RegistryApi.json(response);
    }

    private static String field(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = RegistryApi.json(response);
        JsonNode errors = problem.get("errors");
        return errors != null && errors.size() > 0 ? errors.get(0).get("field").asString()
                : problem.get("field").asString();
    }
}
