package city.urbanops.registry.device;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.registry.support.OutboxRows;
import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Registering and changing devices: ETag and If-Match, fields named in every refusal, roles and scope. */
class DeviceAttributesIT extends RegistryServiceIT {

    @Autowired
    JdbcClient jdbc;

    RegistryApi api;
    RegistryFixtures fixtures;
    OutboxRows outbox;

    @BeforeEach
    void setUp() {
        api = new RegistryApi(baseUrl());
        fixtures = new RegistryFixtures(api).referenceData();
        outbox = new OutboxRows(jdbc);
    }

    @Test
    void readAnswersTheVersionAsETagAndAnUpdateWithItBumpsTheVersion() {
        String id = fixtures.sensor("water", "north").get("id").asString();
        HttpResponse<String> read = api.get("/api/v1/devices/" + id, "admin");
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");

        HttpResponse<String> updated = patch(id, "admin", "\"1\"", Map.of("latitude", 47.05, "longitude", 8.05));

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(RegistryApi.json(updated).get("latitude").asDouble()).isEqualTo(47.05);
        assertThat(outbox.lastDeviceRecord(id).latitude()).isEqualTo(47.05);
        assertThat(outbox.eventIds(Topics.REGISTRY_DEVICES, id)).containsExactly(id + "/1", id + "/2");
    }

    @Test
    void staleIfMatchIs412AndChangesNothing() {
        String id = fixtures.sensor("water", "north").get("id").asString();
        assertThat(patch(id, "admin", "\"1\"", Map.of("latitude", 47.01)).statusCode()).isEqualTo(200);

        HttpResponse<String> stale = patch(id, "admin", "\"1\"", Map.of("latitude", 47.09));

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = RegistryApi.json(stale);
        assertThat(problem.get("type").asString()).isEqualTo("https://urbanops.city/problems/stale-version");
        assertThat(problem.get("currentVersion").asLong()).isEqualTo(2);
        JsonNode device = RegistryApi.json(api.get("/api/v1/devices/" + id, "admin"));
        assertThat(device.get("latitude").asDouble()).isEqualTo(47.01);
        assertThat(device.get("version").asLong()).isEqualTo(2);
        assertThat(outbox.eventIds(Topics.REGISTRY_DEVICES, id)).hasSize(2);
    }

    @Test
    void concurrentChangesMadeAgainstTheSameVersionLetExactlyOneThrough() throws Exception {
        String id = fixtures.sensor("water", "north").get("id").asString();
        RegistryApi.tokenOf("admin");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();

        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                double latitude = 47.0 + i / 100.0;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return patch(id, "admin", "\"1\"", Map.of("latitude", latitude)).statusCode();
                }));
            }
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get(60, TimeUnit.SECONDS));
            }

            assertThat(answered).containsOnly(200, 412);
            assertThat(answered).filteredOn(s -> s == 200).hasSize(1);
        }
        assertThat(outbox.eventIds(Topics.REGISTRY_DEVICES, id)).containsExactly(id + "/1", id + "/2");
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id, "admin")).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void updateWithoutIfMatchIs428() {
        String id = fixtures.sensor("water", "north").get("id").asString();

        HttpResponse<String> response = patch(id, "admin", null, Map.of("latitude", 47.02));

        assertThat(response.statusCode()).isEqualTo(428);
        assertThat(RegistryApi.json(response).get("type").asString())
                .isEqualTo("https://urbanops.city/problems/precondition-required");
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id, "admin")).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void technicianMovesADeviceInScopeButChangesNothingElse() {
        String id = fixtures.sensor("water", "north").get("id").asString();
        String outOfScope = fixtures.sensor("water", "south").get("id").asString();

        assertThat(patch(id, "technician", "\"1\"", Map.of("latitude", 47.03)).statusCode()).isEqualTo(200);
        assertThat(patch(id, "technician", "\"2\"", Map.of("externalId", "mine")).statusCode()).isEqualTo(403);
        assertThat(patch(outOfScope, "technician", "\"1\"", Map.of("latitude", 47.03)).statusCode()).isEqualTo(404);
        JsonNode history = RegistryApi.json(api.get("/api/v1/devices/" + id + "/history", "technician"))
                .get("items");
        assertThat(history.get(history.size() - 1).get("actor").asString()).isEqualTo("technician");
        assertThat(history.get(history.size() - 1).get("reason").asString()).isEqualTo("changed latitude");
    }

    @Test
    void integratorRegistersOnlyInsideItsDepartment() {
        String gateway = fixtures.gateway("environment", "north");
        Map<String, Object> sensor = Map.of("id", newId("aq"), "kind", "SENSOR", "deviceType",
                RegistryFixtures.SENSOR_TYPE, "gatewayId", gateway, "department", "environment", "district", "north");

        assertThat(api.post("/api/v1/devices", "integrator", sensor).statusCode()).isEqualTo(201);
        Map<String, Object> elsewhere = new HashMap<>(sensor);
        elsewhere.put("id", newId("aq"));
        elsewhere.put("department", "water");
        assertThat(api.post("/api/v1/devices", "integrator", elsewhere).statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/devices", "technician", sensor).statusCode()).isEqualTo(403);
    }

    @Test
    void integratorServiceAccountRegistersInItsScopeUnderItsOwnName() {
        String gateway = fixtures.gateway("environment", "south");
        String id = newId("aq");
        String token = KeycloakServer.shared().clientCredentialsToken();

        HttpResponse<String> response = api.send("POST", "/api/v1/devices", null, Map.of("id", id, "kind", "SENSOR",
                "deviceType", RegistryFixtures.SENSOR_TYPE, "gatewayId", gateway, "department", "environment",
                "district", "south"), Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = RegistryApi.json(api.get("/api/v1/devices/" + id + "/history", "admin")).get("items")
                .get(0);
        assertThat(created.get("action").asString()).isEqualTo("CREATED");
        assertThat(created.get("actor").asString()).isEqualTo("service-account-urbanops-integrator");
    }

    @Test
    void brokenReferencesAre400NamingEachField() {
        String sensorAsGateway = fixtures.sensor("water", "north").get("id").asString();

        HttpResponse<String> response = api.post("/api/v1/devices", "admin", Map.of("id", newId("aq"),
                "kind", "SENSOR", "deviceType", "no-such-type", "gatewayId", sensorAsGateway,
                "department", "water", "district", "atlantis"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = RegistryApi.json(response).get("errors");
        assertThat(errors).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("deviceType", "district", "gatewayId");
        assertThat(errors).anySatisfy(e -> assertThat(e.get("reason").asString()).contains("not a gateway"));
    }

    @Test
    void malformedAttributesAre400NamingTheField() {
        String id = fixtures.sensor("water", "north").get("id").asString();

        assertThat(field(api.post("/api/v1/devices", "admin", Map.of("id", "bad id!", "kind", "SENSOR",
                "deviceType", "x", "department", "water", "district", "north")))).isEqualTo("id");
        assertThat(field(api.post("/api/v1/devices", "admin", Map.of("id", newId("aq"), "kind", "ROBOT",
                "deviceType", "x", "department", "water", "district", "north")))).isEqualTo("kind");
        assertThat(field(patch(id, "admin", "\"1\"", Map.of("latitude", 91)))).isEqualTo("latitude");
        assertThat(field(patch(id, "admin", "\"1\"", Map.of("lifecycle", "ACTIVE")))).isEqualTo("lifecycle");
        assertThat(field(patch(id, "admin", "\"1\"", Map.of("siteId", "no-such-site")))).isEqualTo("siteId");
        assertThat(field(api.get("/api/v1/devices?limit=501", "admin"))).isEqualTo("limit");
        assertThat(field(api.get("/api/v1/devices?cursor=garbage", "admin"))).isEqualTo("cursor");
        assertThat(field(api.get("/api/v1/devices?lifecycle=SLEEPING", "admin"))).isEqualTo("lifecycle");
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id, "admin")).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void duplicateExternalIdIs409NamingTheField() {
        JsonNode first = fixtures.sensor("water", "north");
        String gateway = first.get("gatewayId").asString();

        HttpResponse<String> response = api.post("/api/v1/devices", "admin", Map.of("id", newId("aq"),
                "externalId", first.get("externalId").asString(), "kind", "SENSOR", "deviceType",
                RegistryFixtures.SENSOR_TYPE, "gatewayId", gateway, "department", "water", "district", "north"));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(RegistryApi.json(response).get("field").asString()).isEqualTo("externalId");
    }

    @Test
    void deviceIsFoundByExternalIdWithinScopeOnly() {
        JsonNode sensor = fixtures.sensor("water", "north");
        String externalId = sensor.get("externalId").asString();

        HttpResponse<String> byPath = api.get("/api/v1/devices/by-external-id/" + externalId, "technician");
        HttpResponse<String> byFilter = api.get("/api/v1/devices?externalId=" + externalId, "technician");

        assertThat(byPath.statusCode()).isEqualTo(200);
        assertThat(RegistryApi.json(byPath).get("id").asString()).isEqualTo(sensor.get("id").asString());
        assertThat(byPath.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(RegistryApi.json(byFilter).get("items")).hasSize(1);
        assertThat(api.get("/api/v1/devices/by-external-id/" + externalId, "operator").statusCode()).isEqualTo(404);
        assertThat(RegistryApi.json(api.get("/api/v1/devices?externalId=" + externalId, "operator")).get("items"))
                .isEmpty();
    }

    @Test
    void listPagesWithAnOpaqueCursorAndFiltersByGatewayAndLifecycle() {
        String gateway = fixtures.gateway("transport", "south");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/devices", "admin", Map.of("id", newId("pg"), "kind", "SENSOR",
                    "deviceType", RegistryFixtures.SENSOR_TYPE, "gatewayId", gateway, "department", "transport",
                    "district", "south")).statusCode()).isEqualTo(201);
        }

        HttpResponse<String> first = api.get("/api/v1/devices?gateway=" + gateway + "&limit=2", "operator");
        JsonNode page1 = RegistryApi.json(first);
        JsonNode page2 = RegistryApi.json(api.get("/api/v1/devices?gateway=" + gateway + "&limit=2&cursor="
                + page1.get("next").asString(), "operator"));
        JsonNode page3 = RegistryApi.json(api.get("/api/v1/devices?gateway=" + gateway + "&limit=2&cursor="
                + page2.get("next").asString(), "operator"));

        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("rel=\"next\""));
        List<String> ids = new ArrayList<>();
        for (JsonNode page : List.of(page1, page2, page3)) {
            page.get("items").forEach(d -> ids.add(d.get("id").asString()));
        }
        assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSorted();
        assertThat(page3.get("next").isNull()).isTrue();
        assertThat(RegistryApi.json(api.get("/api/v1/devices?gateway=" + gateway + "&lifecycle=ACTIVE",
                "operator")).get("items")).isEmpty();
        assertThat(RegistryApi.json(api.get("/api/v1/devices?gateway=" + gateway + "&connectivity=UNKNOWN"
                + "&quarantined=false&department=transport&district=south&type=" + RegistryFixtures.SENSOR_TYPE,
                "operator")).get("items")).hasSize(5);
    }

    @Test
    void connectivityComesFromTheLastSignsOfLife() {
        JsonNode sensor = fixtures.sensor("environment", "south");
        String id = sensor.get("id").asString();
        String gateway = sensor.get("gatewayId").asString();
        String silent = newId("aq");
        assertThat(api.post("/api/v1/devices", "admin", Map.of("id", silent, "kind", "SENSOR", "deviceType",
                RegistryFixtures.SENSOR_TYPE, "gatewayId", gateway, "department", "environment", "district",
                "south")).statusCode()).isEqualTo(201);
        activity(gateway, null, "ONLINE");
        activity(id, Instant.now().minusSeconds(10), null);
        activity(silent, Instant.now().minusSeconds(3600), null);

        assertThat(connectivity(gateway)).isEqualTo("ONLINE");
        assertThat(connectivity(id)).isEqualTo("ONLINE");
        assertThat(connectivity(silent)).isEqualTo("STALE");
        assertThat(RegistryApi.json(api.get("/api/v1/devices?gateway=" + gateway + "&connectivity=STALE", "analyst"))
                .get("items")).extracting(d -> d.get("id").asString()).containsExactly(silent);

        jdbc.sql("update device_activity set connectivity = 'OFFLINE' where device_id = ?").param(gateway).update();
        assertThat(connectivity(id)).isEqualTo("OFFLINE");
        assertThat(connectivity(silent)).isEqualTo("OFFLINE");
    }

    private void activity(String deviceId, Instant lastSeen, String connectivity) {
        jdbc.sql("insert into device_activity (device_id, last_seen, connectivity, connectivity_since, updated_at) "
                        + "values (?, ?, ?, now(), now())")
                .params(deviceId, lastSeen == null ? null : Timestamp.from(lastSeen), connectivity).update();
    }

    private String connectivity(String id) {
        return RegistryApi.json(api.get("/api/v1/devices/" + id, "analyst")).get("connectivity").asString();
    }

    private HttpResponse<String> patch(String id, String user, String ifMatch, Map<String, Object> body) {
        return api.send("PATCH", "/api/v1/devices/" + id, user, body,
                ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    private static String field(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return RegistryApi.json(response).get("errors").get(0).get("field").asString();
    }
}
