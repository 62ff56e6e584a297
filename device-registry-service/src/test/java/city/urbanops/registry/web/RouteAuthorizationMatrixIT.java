package city.urbanops.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.GatewayTokens;
import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import city.urbanops.registry.web.RouteAuthorizationMatrixIT.Expectation;
import city.urbanops.testkit.contract.RouteAuthorizationMatrix;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import tools.jackson.databind.JsonNode;

/**
 * Role × endpoint × scope ({@link RouteAuthorizationMatrix}, generated from the service's own route list): every route
 * Spring MVC serves has an entry in {@link #EXPECTATIONS} or {@link #EXEMPTIONS}, and each expected one is called by
 * every demo user (and anonymously) against a fresh target inside the user's scope and, for users with a restricted
 * scope, against one outside it.
 */
class RouteAuthorizationMatrixIT extends RegistryServiceIT implements RouteAuthorizationMatrix<Expectation> {

    private static final Set<String> ALL = RouteAuthorizationMatrix.DEMO_USERS;
    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> SUPERVISOR = Set.of("supervisor");
    /** The demo realm's scope of each user with a restricted one: inside, and a place outside it. */
    private static final Map<String, String[]> INSIDE = Map.of("operator", new String[] {"transport", "north"},
            "technician", new String[] {"water", "north"}, "integrator", new String[] {"environment", "north"});
    private static final Map<String, String[]> OUTSIDE = Map.of("operator", new String[] {"water", "north"},
            "technician", new String[] {"water", "south"}, "integrator", new String[] {"transport", "north"});

    /** How the caller's scope shows on a route. */
    enum Scoping {
        /** Reference data and API docs: the same for every scope. */
        NONE,
        /** The route addresses a device: outside the scope it does not exist (404). */
        TARGET,
        /** The route creates a device where the body says: outside the scope that is forbidden (403). */
        BODY,
        /** The route lists devices: outside the scope the target is simply not listed. */
        LIST
    }

    /** What a call needs to exist before it is made. */
    enum Fixture { NONE, SENSOR, ACTIVE_SENSOR, QUARANTINED_SENSOR, GATEWAY }

    /** The things a call is made against, fresh for each call. */
    record Target(String department, String district, String deviceId, String externalId, String gatewayId,
                  String credentialId, String fingerprint) {
    }

    record Call(String method, String path, Object body, Map<String, String> headers) {
    }

    /** Who may call a route and what it answers them. */
    record Expectation(Set<String> allowed, Scoping scoping, Fixture fixture, int success,
                       Function<Target, Call> call) {
    }

    private static final Map<String, Expectation> EXPECTATIONS = new LinkedHashMap<>();
    private static final Map<String, String> EXEMPTIONS = new LinkedHashMap<>();

    static {
        for (String resource : List.of("departments", "districts", "sites", "device-types")) {
            expect("GET /api/v1/" + resource, ALL, Scoping.NONE, Fixture.NONE, 200,
                    t -> get("/api/v1/" + resource));
        }
        expect("GET /api/v1/departments/{id}", ALL, Scoping.NONE, Fixture.NONE, 200,
                t -> get("/api/v1/departments/water"));
        expect("POST /api/v1/departments", ADMIN, Scoping.NONE, Fixture.NONE, 201,
                t -> post("/api/v1/departments", Map.of("id", newId("dep"), "name", "matrix")));
        expect("PUT /api/v1/departments/{id}", ADMIN, Scoping.NONE, Fixture.NONE, 200,
                t -> put("/api/v1/departments/water", Map.of("name", "water")));
        expect("GET /api/v1/districts/{id}", ALL, Scoping.NONE, Fixture.NONE, 200,
                t -> get("/api/v1/districts/north"));
        expect("POST /api/v1/districts", ADMIN, Scoping.NONE, Fixture.NONE, 201, t -> post("/api/v1/districts",
                Map.of("id", newId("dis"), "name", "matrix", "boundary", RegistryFixtures.SQUARE)));
        expect("PUT /api/v1/districts/{id}", ADMIN, Scoping.NONE, Fixture.NONE, 200,
                t -> put("/api/v1/districts/north", Map.of("name", "north", "boundary", RegistryFixtures.SQUARE)));
        expect("GET /api/v1/sites/{id}", ALL, Scoping.NONE, Fixture.NONE, 200, t -> get("/api/v1/sites/matrix-site"));
        expect("POST /api/v1/sites", ADMIN, Scoping.NONE, Fixture.NONE, 201,
                t -> post("/api/v1/sites", Map.of("id", newId("site"), "name", "matrix", "districtId", "north")));
        expect("PUT /api/v1/sites/{id}", ADMIN, Scoping.NONE, Fixture.NONE, 200,
                t -> put("/api/v1/sites/matrix-site", Map.of("name", "matrix site")));
        expect("GET /api/v1/device-types/{id}", ALL, Scoping.NONE, Fixture.NONE, 200,
                t -> get("/api/v1/device-types/" + RegistryFixtures.SENSOR_TYPE));
        expect("POST /api/v1/device-types", ADMIN, Scoping.NONE, Fixture.NONE, 201, t -> post("/api/v1/device-types",
                Map.of("id", newId("type"), "kind", "SENSOR", "measurements", List.of("noise"))));
        expect("PUT /api/v1/device-types/{id}", ADMIN, Scoping.NONE, Fixture.NONE, 200,
                t -> put("/api/v1/device-types/" + RegistryFixtures.GATEWAY_TYPE, Map.of("measurements", List.of())));

        expect("GET /api/v1/devices", ALL, Scoping.LIST, Fixture.SENSOR, 200,
                t -> get("/api/v1/devices?externalId=" + t.externalId()));
        expect("GET /api/v1/devices/{id}", ALL, Scoping.TARGET, Fixture.SENSOR, 200,
                t -> get("/api/v1/devices/" + t.deviceId()));
        expect("GET /api/v1/devices/by-external-id/{externalId}", ALL, Scoping.TARGET, Fixture.SENSOR, 200,
                t -> get("/api/v1/devices/by-external-id/" + t.externalId()));
        expect("GET /api/v1/devices/{id}/history", ALL, Scoping.TARGET, Fixture.SENSOR, 200,
                t -> get("/api/v1/devices/" + t.deviceId() + "/history"));
        expect("GET /api/v1/devices/{id}/neighbours", ALL, Scoping.TARGET, Fixture.SENSOR, 200,
                t -> get("/api/v1/devices/" + t.deviceId() + "/neighbours"));
        expect("POST /api/v1/devices", Set.of("admin", "integrator"), Scoping.BODY, Fixture.SENSOR, 201,
                t -> post("/api/v1/devices", Map.of("id", newId("m"), "kind", "SENSOR", "deviceType",
                        RegistryFixtures.SENSOR_TYPE, "gatewayId", t.gatewayId(), "department", t.department(),
                        "district", t.district())));
        expect("PATCH /api/v1/devices/{id}", Set.of("admin", "integrator", "technician"), Scoping.TARGET,
                Fixture.SENSOR, 200, t -> new Call("PATCH", "/api/v1/devices/" + t.deviceId(),
                        Map.of("latitude", 47.05), Map.of("If-Match", "\"1\"")));
        expect("POST /api/v1/devices/{id}/lifecycle", ADMIN, Scoping.TARGET, Fixture.SENSOR, 200,
                t -> post("/api/v1/devices/" + t.deviceId() + "/lifecycle", Map.of("to", "ACTIVE", "reason", "m")));
        expect("POST /api/v1/devices/{id}/quarantine", SUPERVISOR, Scoping.TARGET, Fixture.ACTIVE_SENSOR, 200,
                t -> post("/api/v1/devices/" + t.deviceId() + "/quarantine", Map.of("reason", "matrix")));
        expect("POST /api/v1/devices/{id}/quarantine/release", SUPERVISOR, Scoping.TARGET,
                Fixture.QUARANTINED_SENSOR, 200,
                t -> post("/api/v1/devices/" + t.deviceId() + "/quarantine/release", Map.of("reason", "matrix")));

        expect("POST /api/v1/gateways", ADMIN, Scoping.BODY, Fixture.NONE, 201, t -> post("/api/v1/gateways",
                Map.of("id", newId("gw"), "deviceType", RegistryFixtures.GATEWAY_TYPE, "department", t.department(),
                        "district", t.district())));
        expect("GET /api/v1/gateways/{id}/credentials", ADMIN, Scoping.TARGET, Fixture.GATEWAY, 200,
                t -> get("/api/v1/gateways/" + t.gatewayId() + "/credentials"));
        expect("POST /api/v1/gateways/{id}/secrets", ADMIN, Scoping.TARGET, Fixture.GATEWAY, 201,
                t -> post("/api/v1/gateways/" + t.gatewayId() + "/secrets", Map.of("overlap", "PT1H")));
        expect("DELETE /api/v1/gateways/{id}/secrets/{credentialId}", ADMIN, Scoping.TARGET, Fixture.GATEWAY, 200,
                t -> new Call("DELETE", "/api/v1/gateways/" + t.gatewayId() + "/secrets/" + t.credentialId(), null,
                        Map.of()));
        expect("POST /api/v1/gateways/{id}/certificates", ADMIN, Scoping.TARGET, Fixture.GATEWAY, 200,
                t -> post("/api/v1/gateways/" + t.gatewayId() + "/certificates",
                        Map.of("fingerprint", GatewayTokens.sha256Hex(newId("cert")))));
        expect("DELETE /api/v1/gateways/{id}/certificates/{fingerprint}", ADMIN, Scoping.TARGET, Fixture.GATEWAY, 200,
                t -> new Call("DELETE", "/api/v1/gateways/" + t.gatewayId() + "/certificates/" + t.fingerprint(),
                        null, Map.of()));

        expect("POST /api/v1/imports", Set.of("admin", "integrator"), Scoping.NONE, Fixture.NONE, 202,
                t -> post("/api/v1/imports?mode=PARTIAL", List.of(Map.of("deviceId", newId("imp"), "deviceType",
                        RegistryFixtures.SENSOR_TYPE, "department", t.department(), "district", t.district()))));
        String jobVisibility = "visible to its submitter and admins, 404 to other importers, 403 to other roles: "
                + "a matrix of who submitted × who reads, proven by ImportAccessIT";
        EXEMPTIONS.put("GET /api/v1/imports/{id}", jobVisibility);
        EXEMPTIONS.put("GET /api/v1/imports/{id}/errors", jobVisibility);

        expect("GET /v3/api-docs", ALL, Scoping.NONE, Fixture.NONE, 200, t -> get("/v3/api-docs"));
        expect("GET /v3/api-docs.yaml", ALL, Scoping.NONE, Fixture.NONE, 200, t -> get("/v3/api-docs.yaml"));
        expect("GET /v3/api-docs/swagger-config", ALL, Scoping.NONE, Fixture.NONE, 200,
                t -> get("/v3/api-docs/swagger-config"));
        expect("GET /swagger-ui.html", ALL, Scoping.NONE, Fixture.NONE, 302, t -> get("/swagger-ui.html"));
        EXEMPTIONS.put("* /error",
                "Boot's error page, reached by the container's forwards; open like every service's (platform-security)");
    }

    RegistryApi api;

    @BeforeEach
    void setUp() {
        api = new RegistryApi(baseUrl());
        new RegistryFixtures(api).referenceData();
        api.post("/api/v1/sites", "admin", Map.of("id", "matrix-site", "name", "matrix", "districtId", "north"));
    }

    @Override
    public Map<String, Expectation> expectations() {
        return EXPECTATIONS;
    }

    @Override
    public Map<String, String> exemptions() {
        return EXEMPTIONS;
    }

    @Override
    public int statusWithoutToken(String route, Expectation expectation) {
        Call call = expectation.call().apply(new Target("water", "north", "x", "x", "x", "x", "x"));
        return send(call, null).statusCode();
    }

    @Override
    public List<DynamicTest> checksFor(String route, Expectation expectation, String user) {
        var tests = new ArrayList<DynamicTest>();
        tests.add(DynamicTest.dynamicTest(route + " " + user + " in scope",
                () -> check(route, expectation, user, true)));
        if (OUTSIDE.containsKey(user) && expectation.scoping() != Scoping.NONE) {
            tests.add(DynamicTest.dynamicTest(route + " " + user + " outside scope",
                    () -> check(route, expectation, user, false)));
        }
        return tests;
    }

    private void check(String route, Expectation expectation, String user, boolean inScope) {
        String[] place = inScope ? INSIDE.getOrDefault(user, new String[] {"water", "north"}) : OUTSIDE.get(user);
        Target target = fixture(expectation.fixture(), place[0], place[1]);

        HttpResponse<String> response = send(expectation.call().apply(target), user);

        int expected = !expectation.allowed().contains(user) ? 403
                : inScope || expectation.scoping() == Scoping.LIST ? expectation.success()
                : expectation.scoping() == Scoping.BODY ? 403 : 404;
        assertThat(response.statusCode()).as(route + " as " + user + ": " + response.body()).isEqualTo(expected);
        if (expectation.scoping() == Scoping.LIST && expected == 200) {
            JsonNode items = RegistryApi.json(response).get("items");
            assertThat(items).as("listed for " + user).hasSize(inScope ? 1 : 0);
        }
    }

    private Target fixture(Fixture fixture, String department, String district) {
        if (fixture == Fixture.NONE) {
            return new Target(department, district, null, null, null, null, null);
        }
        if (fixture == Fixture.GATEWAY) {
            String gateway = newId("gw");
            JsonNode issued = created(api.post("/api/v1/gateways", "admin", Map.of("id", gateway, "deviceType",
                    RegistryFixtures.GATEWAY_TYPE, "department", department, "district", district)));
            String fingerprint = GatewayTokens.sha256Hex(gateway);
            assertThat(api.post("/api/v1/gateways/" + gateway + "/certificates", "admin",
                    Map.of("fingerprint", fingerprint)).statusCode()).isEqualTo(200);
            return new Target(department, district, gateway, null, gateway, issued.get("credentialId").asString(),
                    fingerprint);
        }
        RegistryFixtures fixtures = new RegistryFixtures(api);
        JsonNode sensor = fixtures.sensor(department, district);
        String id = sensor.get("id").asString();
        if (fixture == Fixture.ACTIVE_SENSOR || fixture == Fixture.QUARANTINED_SENSOR) {
            fixtures.transition(id, "ACTIVE", "matrix");
        }
        if (fixture == Fixture.QUARANTINED_SENSOR) {
            assertThat(api.post("/api/v1/devices/" + id + "/quarantine", "supervisor", Map.of("reason", "matrix"))
                    .statusCode()).isEqualTo(200);
        }
        return new Target(department, district, id, sensor.get("externalId").asString(),
                sensor.get("gatewayId").asString(), null, null);
    }

    private HttpResponse<String> send(Call call, String user) {
        return api.send(call.method(), call.path(), user, call.body(), call.headers());
    }

    private static void expect(String route, Set<String> allowed, Scoping scoping, Fixture fixture, int success,
                               Function<Target, Call> call) {
        EXPECTATIONS.put(route, new Expectation(allowed, scoping, fixture, success, call));
    }

    private static Call get(String path) {
        return new Call("GET", path, null, Map.of());
    }

    private static Call post(String path, Object body) {
        return new Call("POST", path, body, Map.of());
    }

    private static Call put(String path, Object body) {
        return new Call("PUT", path, body, Map.of());
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return RegistryApi.json(response);
    }
}
