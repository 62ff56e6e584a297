package city.urbanops.operatorapi.overview;

import city.urbanops.operatorapi.ConsoleSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.operatorapi.AlertingProcess;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.operatorapi.command.RegistryProcess;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The city overview against the real alerting-service and device-registry-service: a district of its own (so other
 * tests' gateways and alerts do not change its counts) with one gateway online and one offline, a transport and a
 * water alert in it. The operator (transport, every district) sees the district without the water alert; the
 * technician (water, north only) does not see the district at all.
 */
class CityOverviewIT extends OperatorApiIT {

    @Autowired
    ConsoleSessions sessions;

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DISTRICT = "overview-" + UUID.randomUUID().toString().substring(0, 8);
    private static KafkaProducer<String, byte[]> producer;
    private static String transportAlert;
    private static String waterAlert;

    @Autowired
    WebApplicationContext context;
    private MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", AlertingProcess::baseUrl);
        registry.add("urbanops.operator.services.registry", RegistryProcess::baseUrl);
    }

    @BeforeAll
    static void districtWithGatewaysAndAlerts() throws Exception {
        String admin = KeycloakServer.shared().passwordToken("admin", "admin");
        registry(admin, "POST", "/api/v1/districts", Map.of("id", DISTRICT, "name", "Overview East",
                "boundary", Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(4.0, 52.0),
                        List.of(5.0, 52.0), List.of(5.0, 53.0), List.of(4.0, 53.0), List.of(4.0, 52.0))))));
        for (String gateway : List.of(DISTRICT + "-up", DISTRICT + "-down")) {
            registry(admin, "POST", "/api/v1/gateways", Map.of("id", gateway, "deviceType", "edge-box",
                    "department", "transport", "district", DISTRICT));
        }
        gatewayStatus(DISTRICT + "-up", GatewayStatusEvent.Connectivity.ONLINE, GatewayStatusEvent.Cause.CONNECTED);
        gatewayStatus(DISTRICT + "-down", GatewayStatusEvent.Connectivity.OFFLINE, GatewayStatusEvent.Cause.CONNECTION_LOST);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                registry(admin, "GET", "/api/v1/devices?kind=GATEWAY&district=" + DISTRICT + "&connectivity=ONLINE",
                        null).contains(DISTRICT + "-up")
                && registry(admin, "GET", "/api/v1/devices?kind=GATEWAY&district=" + DISTRICT
                        + "&connectivity=OFFLINE", null).contains(DISTRICT + "-down"));
        transportAlert = raise("transport", AlertEvent.Severity.CRITICAL, "Overview traffic lights dark");
        waterAlert = raise("water", AlertEvent.Severity.MAJOR, "Overview water main burst");
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void operatorSeesTheDistrictWithItsTransportAlertAndGatewaysButNotTheWaterAlert() throws Exception {
        String page = mvc.perform(get("/overview").session(sessions.signedIn("operator"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("data-testid=\"district-" + DISTRICT + "\"").contains("Overview East")
                .contains("alert-" + transportAlert).contains("Overview traffic lights dark")
                .doesNotContain(waterAlert).doesNotContain("Overview water main burst")
                .contains("/js/overview.js").contains("/webjars/leaflet/dist/leaflet.js");
        String section = page.substring(page.indexOf("data-testid=\"district-" + DISTRICT + "\""));
        section = section.substring(0, section.indexOf("</section>"));
        assertThat(section).containsPattern("Gateways online</th>\\s*<td>1</td>")
                .containsPattern("Gateways offline</th>\\s*<td>1</td>")
                .containsPattern("Open alerts</th>\\s*<td>1</td>").contains("CRITICAL");
    }

    @Test
    void mapDataCarriesTheBoundaryAndMarkersInScope() throws Exception {
        String data = mvc.perform(get("/overview/data").session(sessions.signedIn("operator"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        var district = district(data);
        assertThat(district.path("boundary").path("type").asString()).isEqualTo("Polygon");
        assertThat(district.path("boundary").path("coordinates").get(0).size()).isEqualTo(5);
        assertThat(district.path("alerts").size()).isEqualTo(1);
        assertThat(district.path("alerts").get(0).path("id").asString()).isEqualTo(transportAlert);
        assertThat(district.path("alertsBySeverity").path("CRITICAL").asInt()).isEqualTo(1);
        assertThat(district.path("alertsByCause").path("INCIDENT").asInt()).isEqualTo(1);
    }

    @Test
    void technicianOfNorthDoesNotSeeAnotherDistrict() throws Exception {
        String page = mvc.perform(get("/overview").session(sessions.signedIn("technician"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).doesNotContain(DISTRICT).doesNotContain(waterAlert).contains("data-testid=\"district-north\"");
    }

    @Test
    void apiAnswersABearerTokenWithTheSameCompositeAndRefusesWithoutOne() throws Exception {
        var supervisor = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/overview"))
                .header("Authorization", "Bearer " + token("supervisor")).build(), HttpResponse.BodyHandlers.ofString());
        var anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/overview")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(supervisor.statusCode()).isEqualTo(200);
        var district = district(supervisor.body());
        assertThat(district.path("openAlerts").asInt()).as("the supervisor sees both departments' alerts").isEqualTo(2);
        assertThat(district.path("gatewaysOnline").path("count").asInt()).isEqualTo(1);
        assertThat(district.path("gatewaysOffline").path("count").asInt()).isEqualTo(1);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    // --- helpers ---

    private static tools.jackson.databind.JsonNode district(String overview) {
        for (var d : JSON.mapper().readTree(overview).path("districts")) {
            if (DISTRICT.equals(d.path("id").asString())) {
                return d;
            }
        }
        throw new AssertionError("district " + DISTRICT + " missing from " + overview);
    }

    private static String registry(String token, String method, String path, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(RegistryProcess.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request = body == null ? request.GET()
                : request.method(method, HttpRequest.BodyPublishers.ofString(JSON.mapper().writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode() / 100).as(path + ": " + response.body()).isEqualTo(2);
        return response.body();
    }

    private static void gatewayStatus(String gateway, GatewayStatusEvent.Connectivity connectivity,
                               GatewayStatusEvent.Cause cause) throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var event = new GatewayStatusEvent(gateway, connectivity, cause, null, "overview-it", at);
        producer().send(CloudEventRecords.toRecord(Topics.GATEWAY_STATUS, gateway, EventType.GATEWAY_STATUS,
                gateway + "/overview-it/" + at + "/" + cause, URI.create("urn:urbanops:ingestion:overview-it"),
                gateway, at, JSON.write(event))).get();
    }

    /** Raises an INCIDENT alert in the test's district through Kafka and waits until alerting lists it. */
    private static String raise(String department, AlertEvent.Severity severity, String title) throws Exception {
        String key = "overview-it/" + department + "/" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var event = new AlertEvent(AlertEvent.alertIdOf(key, at), key, AlertEvent.Transition.RAISED, 0,
                severity, AlertEvent.Cause.INCIDENT, "confirmed by 2 neighbours",
                List.of(new AlertEvent.Signal("neighbours-confirm", "2 of 3 agree")), title, "Send a crew",
                "overview-it", 1, "fl-1", "gw-1", "site-1", department, DISTRICT, 52.5, 4.5, at, at,
                new AlertEvent.Evidence("water_level above 1.5 m for PT1M", Map.of("value", 1.5),
                        List.of(new AlertEvent.EvidenceReading("fl-1", at, "water_level", 1.8, null, null))),
                List.of(), 0, null, null);
        return AlertingProcess.raise(event);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
