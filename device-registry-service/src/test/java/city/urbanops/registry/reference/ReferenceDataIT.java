package city.urbanops.registry.reference;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.OutboxRows;
import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Departments, districts, sites and device types: admins write, everyone reads, bad input is named. */
class ReferenceDataIT extends RegistryServiceIT {

    @Autowired
    JdbcClient jdbc;

    RegistryApi api;
    RegistryFixtures fixtures;

    @BeforeEach
    void setUp() {
        api = new RegistryApi(baseUrl());
        fixtures = new RegistryFixtures(api).referenceData();
    }

    @Test
    void unclosedRingIs400NamingTheRing() {
        var open = Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(8.0, 47.0), List.of(8.1, 47.0),
                List.of(8.1, 47.1), List.of(8.0, 47.1))));
        var unclosed = Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(8.0, 47.0),
                List.of(8.1, 47.0), List.of(8.1, 47.1), List.of(8.0, 47.1), List.of(8.0, 47.2))));

        assertThat(field(district(open))).isEqualTo("boundary.coordinates[0]");
        HttpResponse<String> response = district(unclosed);
        assertThat(field(response)).isEqualTo("boundary.coordinates[0]");
        assertThat(RegistryApi.json(response).get("detail").asString()).contains("not closed");
    }

    @Test
    void positionOutsideWgs84Is400NamingThePosition() {
        var polygon = Map.of("type", "MultiPolygon", "coordinates", List.of(List.of(List.of(List.of(8.0, 47.0),
                List.of(181.0, 47.0), List.of(8.1, 47.1), List.of(8.0, 47.0)))));

        assertThat(field(district(polygon))).isEqualTo("boundary.coordinates[0][0][1]");
        assertThat(field(district(Map.of("type", "Point", "coordinates", List.of(8.0, 47.0)))))
                .isEqualTo("boundary.type");
        assertThat(field(api.post("/api/v1/districts", "admin", Map.of("id", newId("d"), "name", "no boundary"))))
                .isEqualTo("boundary");
    }

    @Test
    void validDistrictIsStoredAndReadByEveryone() {
        String id = newId("d");

        assertThat(api.post("/api/v1/districts", "admin", Map.of("id", id, "name", "Harbour", "boundary",
                RegistryFixtures.SQUARE)).statusCode()).isEqualTo(201);

        JsonNode district = RegistryApi.json(api.get("/api/v1/districts/" + id, "technician"));
        assertThat(district.get("boundary").get("type").asString()).isEqualTo("Polygon");
        assertThat(district.get("boundary").get("coordinates").get(0)).hasSize(5);
        assertThat(api.post("/api/v1/districts", "supervisor", Map.of("id", newId("d"), "name", "x", "boundary",
                RegistryFixtures.SQUARE)).statusCode()).isEqualTo(403);
    }

    @Test
    void deviceTypeShowsEachMeasurementsUnitKindAndRangeFromTheCatalogue() {
        JsonNode type = RegistryApi.json(api.get("/api/v1/device-types/" + RegistryFixtures.SENSOR_TYPE, "analyst"));

        JsonNode pm25 = null;
        for (JsonNode m : type.get("measurements")) {
            if (m.get("name").asString().equals("pm2_5")) {
                pm25 = m;
            }
        }
        assertThat(pm25).isNotNull();
        assertThat(pm25.get("unit").asString()).isEqualTo("ug/m3");
        assertThat(pm25.get("valueKind").asString()).isEqualTo("NUMBER");
        assertThat(pm25.get("eventClass").asString()).isEqualTo("ENVIRONMENTAL");
        assertThat(pm25.get("min").asDouble()).isEqualTo(0.0);
        assertThat(pm25.get("max").asDouble()).isEqualTo(5000.0);
    }

    @Test
    void measurementOutsideTheCatalogueIs400NamingItsIndex() {
        HttpResponse<String> response = api.post("/api/v1/device-types", "admin", Map.of("id", newId("t"),
                "kind", "SENSOR", "measurements", List.of("pm10", "flux_capacitance")));

        assertThat(field(response)).isEqualTo("measurements[1]");
        assertThat(field(api.post("/api/v1/device-types", "admin", Map.of("id", newId("t"), "kind", "GATEWAY",
                "measurements", List.of("pm10"))))).isEqualTo("measurements");
    }

    @Test
    void changingATypesMeasurementsRepublishesEveryDeviceOfTheType() {
        String type = newId("t");
        assertThat(api.post("/api/v1/device-types", "admin", Map.of("id", type, "kind", "SENSOR",
                "measurements", List.of("noise"))).statusCode()).isEqualTo(201);
        String gateway = fixtures.gateway("environment", "north");
        String device = newId("n");
        assertThat(api.post("/api/v1/devices", "admin", Map.of("id", device, "kind", "SENSOR", "deviceType", type,
                "gatewayId", gateway, "department", "environment", "district", "north")).statusCode())
                .isEqualTo(201);

        assertThat(api.send("PUT", "/api/v1/device-types/" + type, "admin", Map.of("measurements",
                List.of("noise", "vibration")), Map.of()).statusCode()).isEqualTo(200);

        var records = new OutboxRows(jdbc).deviceRecords(device);
        assertThat(records).hasSize(2);
        assertThat(records.getLast().measurements()).containsExactly("noise", "vibration");
        assertThat(records.getLast().version()).isEqualTo(2);
    }

    @Test
    void siteMustNameAnExistingDistrict() {
        assertThat(field(api.post("/api/v1/sites", "admin", Map.of("id", newId("s"), "name", "Pump 3",
                "districtId", "atlantis")))).isEqualTo("districtId");
        String id = newId("s");
        assertThat(api.post("/api/v1/sites", "admin", Map.of("id", id, "name", "Pump 3", "districtId", "north",
                "latitude", 47.05, "longitude", 8.05)).statusCode()).isEqualTo(201);
        assertThat(RegistryApi.json(api.get("/api/v1/sites/" + id, "operator")).get("districtId").asString())
                .isEqualTo("north");
    }

    private HttpResponse<String> district(Map<String, Object> boundary) {
        return api.post("/api/v1/districts", "admin", Map.of("id", newId("d"), "name", "bad", "boundary", boundary));
    }

    private static String field(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return RegistryApi.json(response).get("errors").get(0).get("field").asString();
    }
}
