package city.urbanops.registry.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reference data and devices the registry's tests build on, created through the API as an admin. The departments
 * and districts are the demo realm's scope values, so the demo users' scopes apply to them.
 */
public final class RegistryFixtures {

    public static final String SENSOR_TYPE = "test-air-quality";
    public static final String GATEWAY_TYPE = "test-edge-gateway";
    public static final List<String> DEPARTMENTS = List.of("water", "transport", "environment");
    public static final List<String> DISTRICTS = List.of("north", "south");
    /** A small closed square around the city centre. */
    public static final Map<String, Object> SQUARE = Map.of("type", "Polygon", "coordinates",
            List.of(List.of(List.of(8.0, 47.0), List.of(8.1, 47.0), List.of(8.1, 47.1), List.of(8.0, 47.1),
                    List.of(8.0, 47.0))));

    private final RegistryApi api;

    public RegistryFixtures(RegistryApi api) {
        this.api = api;
    }

    /** Creates the shared reference data unless an earlier test did. */
    public RegistryFixtures referenceData() {
        for (String department : DEPARTMENTS) {
            ensure("/api/v1/departments", Map.of("id", department, "name", department));
        }
        for (String district : DISTRICTS) {
            ensure("/api/v1/districts", Map.of("id", district, "name", district, "boundary", SQUARE));
        }
        ensure("/api/v1/device-types", Map.of("id", SENSOR_TYPE, "kind", "SENSOR", "description", "test sensor",
                "measurements", List.of("pm2_5", "pm10", "temperature")));
        ensure("/api/v1/device-types", Map.of("id", GATEWAY_TYPE, "kind", "GATEWAY", "measurements", List.of()));
        return this;
    }

    /** A new PROVISIONED gateway in {@code department}/{@code district}, registered by the admin; its id. */
    public String gateway(String department, String district) {
        String id = RegistryServiceIT.newId("gw");
        created(api.post("/api/v1/devices", "admin", Map.of("id", id, "kind", "GATEWAY", "deviceType", GATEWAY_TYPE,
                "department", department, "district", district)));
        return id;
    }

    /** A new PROVISIONED sensor behind a new gateway in {@code department}/{@code district}; its JSON. */
    public JsonNode sensor(String department, String district) {
        String gateway = gateway(department, district);
        String id = RegistryServiceIT.newId("aq");
        return created(api.post("/api/v1/devices", "admin", Map.of("id", id, "externalId", "ext-" + id,
                "kind", "SENSOR", "deviceType", SENSOR_TYPE, "gatewayId", gateway, "department", department,
                "district", district)));
    }

    /** A new ACTIVE sensor in {@code department}/{@code district}; its id. */
    public String activeSensor(String department, String district) {
        String id = sensor(department, district).get("id").asString();
        transition(id, "ACTIVE", "commissioned for a test");
        return id;
    }

    public JsonNode transition(String id, String to, String reason) {
        HttpResponse<String> response = api.post("/api/v1/devices/" + id + "/lifecycle", "admin",
                Map.of("to", to, "reason", reason));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RegistryApi.json(response);
    }

    private void ensure(String path, Map<String, Object> body) {
        HttpResponse<String> response = api.post(path, "admin", body);
        assertThat(response.statusCode()).as(path + " " + response.body()).isIn(201, 409);
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return RegistryApi.json(response);
    }
}
