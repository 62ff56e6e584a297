package city.urbanops.operatorapi.devicehealth;

import city.urbanops.operatorapi.ConsoleSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.operatorapi.command.RegistryProcess;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Device health against a real device-registry-service holding transport and water devices (provisioned through its
 * API as admin): counts in the user's scope only, the device page with its history, out of scope = Not found, and
 * the JSON for integrators with a bearer token. telemetry-service is not running here: the page says trends are
 * unavailable and shows the rest.
 */
class DeviceHealthIT extends OperatorApiIT {

    @Autowired
    ConsoleSessions sessions;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String METER = "dh-transport-meter";

    @Autowired
    WebApplicationContext context;
    private MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.registry", RegistryProcess::baseUrl);
    }

    @BeforeAll
    static void provision() throws Exception {
        String admin = KeycloakServer.shared().passwordToken("admin", "admin");
        int created = send(admin, "POST", "/api/v1/devices", Map.of("id", METER, "kind", "SENSOR",
                "deviceType", "valve", "gatewayId", "transport-gw", "department", "transport", "district", "north",
                "latitude", 0.5, "longitude", 0.25)).statusCode();
        assertThat(created).isIn(201, 409);
        send(admin, "POST", "/api/v1/devices/" + METER + "/lifecycle", Map.of("to", "ACTIVE",
                "reason", "installed at the crossing"));
    }

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void aTransportOperatorCountsTransportDevicesOnlyEachCountLinkingToItsDevices() throws Exception {
        // Other ITs of this JVM register devices in the same registry: the expectation is what it answers the operator.
        List<JsonNode> inScope = registryDevices("operator");
        String page = page("operator", "/devices", 200);

        assertThat(inScope).isNotEmpty().allSatisfy(d -> assertThat(d.get("department").asString()).isEqualTo("transport"));
        assertThat(page).contains("data-testid=\"health-north-valve\"")
                .contains("/devices?district=north&amp;type=valve&amp;connectivity=UNKNOWN")
                .contains(inScope.size() + " devices in your scope.");
        String list = page("operator", "/devices?district=north&type=valve&connectivity=UNKNOWN", 200);
        assertThat(list).contains("device-transport-valve").contains("device-" + METER)
                .doesNotContain("water-valve");
    }

    @Test
    void aWaterTechnicianSeesNoTransportDevice() throws Exception {
        List<JsonNode> inScope = registryDevices("technician");
        String page = page("technician", "/devices", 200);

        assertThat(inScope).isNotEmpty().allSatisfy(d -> assertThat(d.get("department").asString()).isEqualTo("water"));
        assertThat(page).contains(inScope.size() + " devices in your scope.");
        assertThat(page("technician", "/devices?type=valve&connectivity=UNKNOWN", 200))
                .contains("device-water-valve").doesNotContain("transport-valve").doesNotContain(METER);
    }

    @Test
    void theDevicePageShowsTheDeviceItsLifecycleHistoryAndAMapLink() throws Exception {
        String page = page("operator", "/devices/" + METER, 200);

        assertThat(page).contains("transport-gw").contains("transport / north")
                .contains("data-testid=\"device-lifecycle\">ACTIVE")
                .contains("Not quarantined")
                .contains("https://www.openstreetmap.org/?mlat=0.5&amp;mlon=0.25")
                .contains("data-testid=\"history-1\"").contains("data-testid=\"history-2\"")
                .contains("installed at the crossing")
                .contains("Trends are unavailable");
    }

    @Test
    void aDeviceOutsideTheScopeIsNotFoundLikeAnUnknownOne() throws Exception {
        String outside = page("operator", "/devices/water-valve", 404);
        String unknown = page("operator", "/devices/no-such-device", 404);

        assertThat(outside).doesNotContain("water-gw");
        assertThat(unknown).contains("Not found");
        assertThat(outside).contains("Not found");
    }

    @Test
    void integratorsReadTheCountsAsJsonWithABearerTokenInTheirScope() throws Exception {
        HttpResponse<String> operator = api(token("operator"));
        HttpResponse<String> none = api(null);

        assertThat(operator.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(operator.body());
        assertThat(body.get("complete").asBoolean()).isTrue();
        List<JsonNode> inScope = registryDevices("operator");
        assertThat(body.get("counted").asInt()).isEqualTo(inScope.size());
        List<String> cells = body.get("cells").valueStream()
                .map(c -> c.get("district").asString() + "/" + c.get("deviceType").asString()).toList();
        assertThat(cells).containsExactlyInAnyOrderElementsOf(inScope.stream()
                .map(d -> d.get("district").asString() + "/" + d.get("deviceType").asString()).distinct().toList());
        assertThat(body.get("cells").valueStream().mapToInt(c -> c.get("counts").valueStream()
                .mapToInt(JsonNode::asInt).sum()).sum()).isEqualTo(inScope.size());
        assertThat(none.statusCode()).isEqualTo(401);
    }

    /** The devices the registry itself answers {@code user} (one page of up to 500: far more than these tests hold). */
    private static List<JsonNode> registryDevices(String user) throws Exception {
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(RegistryProcess.baseUrl() + "/api/v1/devices?limit=500"))
                .header("Authorization", "Bearer " + token(user)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("items").valueStream().toList();
    }

    private HttpResponse<String> api(String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/device-health"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String page(String user, String path, int status) throws Exception {
        var response = mvc.perform(get(path).session(sessions.signedIn(user))).andReturn().getResponse();
        assertThat(response.getStatus()).as(path + " as " + user).isEqualTo(status);
        return response.getContentAsString();
    }

    private static HttpResponse<String> send(String token, String method, String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RegistryProcess.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
