package city.urbanops.operatorapi.alertdetail;

import city.urbanops.operatorapi.ConsoleSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import city.urbanops.events.EventClass;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.operatorapi.AlertingProcess;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.operatorapi.TelemetryProcess;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * The alert's context against the real alerting-service, device-registry-service and telemetry-service (each its own
 * process, database and the test kit's Kafka): the detail page's evidence chart holds the telemetry store's readings
 * around the alert, its health panel and neighbours come from the registry in the user's scope, and the exception
 * queue gets every device's health from one registry call per page.
 */
class AlertContextIT extends OperatorApiIT {

    @Autowired
    ConsoleSessions sessions;

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TYPE = "ctx-level-" + RUN;
    private static final String DEVICE = "ctx-a-" + RUN;
    private static final String ALERTING_NEIGHBOUR = "ctx-b-" + RUN;
    private static final String QUIET_NEIGHBOUR = "ctx-c-" + RUN;
    private static final String WATER_NEIGHBOUR = "ctx-w-" + RUN;
    private static final String FAR = "ctx-far-" + RUN;
    /** The alert opened this long ago; readings run from three hours before it to now, every five minutes. */
    private static final Duration OPEN_FOR = Duration.ofMinutes(30);
    private static final Instant OPENED = Instant.now().minus(OPEN_FOR).truncatedTo(ChronoUnit.MINUTES);
    private static final Instant FIRST_READING = OPENED.minus(Duration.ofHours(3));
    private static KafkaProducer<String, byte[]> producer;
    private static String alert;
    private static String neighbourAlert;
    private static String waterAlert;

    @Autowired
    WebApplicationContext context;

    private MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", AlertingProcess::baseUrl);
        registry.add("urbanops.operator.services.registry", RegistryProcess::baseUrl);
        registry.add("urbanops.operator.services.telemetry", TelemetryProcess::baseUrl);
    }

    @BeforeAll
    static void cityAroundTheAlert() throws Exception {
        registry("POST", "/api/v1/device-types", Map.of("id", TYPE, "kind", "SENSOR",
                "measurements", List.of("water_level")));
        // District north is the square (0,0)-(1,1); 0.001 degree of latitude is about 111 m.
        device(DEVICE, "transport", 0.5, 0.5);
        device(ALERTING_NEIGHBOUR, "transport", 0.501, 0.5);
        device(QUIET_NEIGHBOUR, "transport", 0.503, 0.5);
        device(WATER_NEIGHBOUR, "water", 0.502, 0.5);
        device(FAR, "transport", 0.6, 0.5);
        registry("POST", "/api/v1/devices/" + ALERTING_NEIGHBOUR + "/quarantine",
                Map.of("reason", "reads the river twice"), "supervisor");
        for (Instant t = FIRST_READING; t.isBefore(Instant.now()); t = t.plus(Duration.ofMinutes(5))) {
            reading(DEVICE, t, level(t));
        }
        alert = raise(DEVICE, "transport", OPENED, level(OPENED));
        neighbourAlert = raise(ALERTING_NEIGHBOUR, "transport", OPENED.plusSeconds(60), 2.9);
        waterAlert = raise(WATER_NEIGHBOUR, "water", OPENED.plusSeconds(120), 2.8);
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
    void theEvidenceChartHoldsTheStoresReadingsFromTwoHoursBeforeTheAlertToNowWithItsThresholdAndEvidence()
            throws Exception {
        MockHttpSession operator = sessions.signedIn("operator");
        Instant from = OPENED.minus(Duration.ofHours(2));
        long expected = readingTimes().stream().filter(t -> !t.isBefore(from)).count();

        JsonNode[] chart = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            chart[0] = chartOf(page(operator, "/alerts/" + alert, 200));
            assertThat(chart[0].get("source").asString()).isEqualTo("TELEMETRY");
            assertThat(chart[0].get("series").get(0).get("points").valueStream()
                    .mapToLong(p -> p.get("count").asLong()).sum()).isEqualTo(expected);
        });

        JsonNode series = chart[0].get("series").get(0);
        assertThat(series.get("measurement").asString()).isEqualTo("water_level");
        assertThat(chart[0].get("from").asLong()).isEqualTo(from.toEpochMilli());
        List<JsonNode> points = series.get("points").valueStream().toList();
        assertThat(points.getFirst().get("t").asLong()).isBetween(from.minus(Duration.ofMinutes(2)).toEpochMilli(),
                from.plus(Duration.ofMinutes(5)).toEpochMilli());
        assertThat(points.getLast().get("t").asLong()).isGreaterThan(Instant.now().minus(Duration.ofMinutes(10))
                .toEpochMilli());
        assertThat(points).anySatisfy(p -> {
            assertThat(p.get("t").asLong()).isBetween(OPENED.minus(Duration.ofMinutes(2)).toEpochMilli(),
                    OPENED.toEpochMilli());
            assertThat(p.get("max").asDouble()).isEqualTo(level(OPENED));
        });
        assertThat(chart[0].get("thresholds").get("value").asDouble()).isEqualTo(2.5);
        assertThat(chart[0].get("thresholds").has("forDurationSeconds"))
                .as("a duration is no level of the measurement: no line for it").isFalse();
        assertThat(chart[0].get("evidence").get(0).get("t").asLong()).isEqualTo(OPENED.toEpochMilli());
        assertThat(chart[0].get("evidence").get(0).get("v").asDouble()).isEqualTo(level(OPENED));
    }

    @Test
    void theDetailShowsTheDevicesHealthAndItsNeighboursOfTheSameTypeTheUserMaySeeNearestFirst() throws Exception {
        String page = page(sessions.signedIn("operator"), "/alerts/" + alert, 200);

        assertThat(page).contains("data-testid=\"health-connectivity\">UNKNOWN")
                .contains("data-testid=\"health-lifecycle\">ACTIVE")
                .contains("data-testid=\"health-quarantine\">Not quarantined");
        assertThat(page).contains("data-testid=\"neighbour-" + ALERTING_NEIGHBOUR + "\"")
                .contains("data-testid=\"neighbour-" + QUIET_NEIGHBOUR + "\"")
                .contains("href=\"/devices/" + ALERTING_NEIGHBOUR + "\"")
                .doesNotContain(WATER_NEIGHBOUR).doesNotContain(FAR);
        assertThat(page.indexOf("neighbour-" + ALERTING_NEIGHBOUR)).isLessThan(page.indexOf("neighbour-"
                + QUIET_NEIGHBOUR));
        assertThat(row(page, ALERTING_NEIGHBOUR)).contains("111 m").contains("alert open");
        assertThat(row(page, QUIET_NEIGHBOUR)).contains("334 m").contains("no open alert");

        String supervisors = page(sessions.signedIn("supervisor"), "/alerts/" + alert, 200);
        assertThat(supervisors).contains("data-testid=\"neighbour-" + WATER_NEIGHBOUR + "\"").doesNotContain(FAR);
    }

    @Test
    void aDeviceTheRegistryDoesNotShowHasUnknownHealthAndNoNeighbours() throws Exception {
        String ghost = raise("ctx-ghost-" + RUN, "transport", Instant.now().truncatedTo(ChronoUnit.SECONDS), 2.7);

        String page = page(sessions.signedIn("operator"), "/alerts/" + ghost, 200);

        assertThat(page).contains("data-testid=\"health-unknown\"").contains("data-testid=\"neighbours-not-visible\"")
                .doesNotContain("data-testid=\"neighbour-")
                .contains("The telemetry store knows no readings of this device that you may see");
    }

    @Test
    void anAlertOutsideTheScopeStaysNotFound() throws Exception {
        String page = page(sessions.signedIn("operator"), "/alerts/" + waterAlert, 404);

        assertThat(page).contains("Not found").doesNotContain(WATER_NEIGHBOUR);
    }

    @Test
    void theQueueShowsEachDevicesHealthFromOneRegistryCallPerPage() throws Exception {
        String operator = token("operator");
        double listCalls = registryRequests("/api/v1/devices");
        double oneCalls = registryRequests("/api/v1/devices/{id}");

        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl()
                + "/api/v1/exception-queue?limit=50")).header("Authorization", "Bearer " + operator).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> items = JSON.mapper().readTree(answer.body()).get("items").valueStream().toList();
        JsonNode mine = items.stream().filter(i -> alert.equals(i.get("id").asString())).findFirst().orElseThrow();
        JsonNode quarantined = items.stream().filter(i -> neighbourAlert.equals(i.get("id").asString())).findFirst()
                .orElseThrow();
        assertThat(mine.get("deviceHealth").get("known").asBoolean()).isTrue();
        assertThat(mine.get("deviceHealth").get("connectivity").asString()).isEqualTo("UNKNOWN");
        assertThat(mine.get("deviceHealth").get("lifecycle").asString()).isEqualTo("ACTIVE");
        assertThat(mine.get("deviceHealth").get("quarantined").asBoolean()).isFalse();
        assertThat(quarantined.get("deviceHealth").get("quarantined").asBoolean()).isTrue();
        assertThat(quarantined.get("neighbours").asString()).startsWith("Neighbours confirm");
        assertThat(items).noneMatch(i -> waterAlert.equals(i.get("id").asString()));
        assertThat(items.size()).isGreaterThan(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(registryRequests("/api/v1/devices") - listCalls).isEqualTo(1.0);
            assertThat(registryRequests("/api/v1/devices/{id}") - oneCalls).isZero();
        });

        String page = page(sessions.signedIn("operator"), "/", 200);
        String row = page.substring(page.indexOf("id=\"alert-" + neighbourAlert + "\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("data-testid=\"quarantined\">QUARANTINED")
                .contains("Neighbours confirm");
    }

    // --- helpers ---

    private static double level(Instant t) {
        // Rising through the threshold at the alert: 2.0 m three hours before, 2.6 m at it.
        return Math.round((2.0 + 0.6 * (t.getEpochSecond() - FIRST_READING.getEpochSecond())
                / (double) Duration.between(FIRST_READING, OPENED).toSeconds()) * 1000) / 1000.0;
    }

    private static List<Instant> readingTimes() {
        List<Instant> times = new ArrayList<>();
        for (Instant t = FIRST_READING; t.isBefore(Instant.now()); t = t.plus(Duration.ofMinutes(5))) {
            times.add(t);
        }
        return times;
    }

    private static JsonNode chartOf(String page) {
        Matcher chart = Pattern.compile("data-chart=\"([^\"]*)\"").matcher(page);
        assertThat(chart.find()).as("the page has an evidence chart").isTrue();
        return JSON.mapper().readTree(HtmlUtils.htmlUnescape(chart.group(1)));
    }

    private static String row(String page, String neighbour) {
        String from = page.substring(page.indexOf("data-testid=\"neighbour-" + neighbour + "\""));
        return from.substring(0, from.indexOf("</tr>"));
    }

    /** The registry's own count of GET requests it served on {@code uri} (its Prometheus endpoint, open). */
    private static double registryRequests(String uri) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(RegistryProcess.baseUrl()
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"GET\"")
                    && line.contains("uri=\"" + uri + "\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static void device(String id, String department, double latitude, double longitude) throws Exception {
        registry("POST", "/api/v1/devices", Map.of("id", id, "kind", "SENSOR", "deviceType", TYPE,
                "gatewayId", department + "-gw", "department", department, "district", "north",
                "latitude", latitude, "longitude", longitude));
        registry("POST", "/api/v1/devices/" + id + "/lifecycle", Map.of("to", "ACTIVE", "reason", "installed"));
    }

    private static void registry(String method, String path, Object body) throws Exception {
        registry(method, path, body, "admin");
    }

    private static void registry(String method, String path, Object body, String user) throws Exception {
        String token = KeycloakServer.shared().passwordToken(user, user);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(RegistryProcess.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.mapper().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode() / 100).as(path + ": " + response.body()).isEqualTo(2);
    }

    private static void reading(String device, Instant at, double level) throws Exception {
        var record = new TelemetryRecord(device, at.getEpochSecond(), at, EventClass.ENVIRONMENTAL,
                "transport-gw", at.plusMillis(50), List.of(Measurement.numeric("water_level", "m", level)));
        producer().send(CloudEventRecords.toRecord(record.eventClass().topic(), device, EventType.TELEMETRY,
                record.eventId(), URI.create("urbanops:ingestion-service"), device, at, JSON.write(record))).get();
    }

    /** Raises a CRITICAL incident on {@code device} deciding on one reading; answers alerting's id. */
    static String raise(String device, String department, Instant at, double value) throws Exception {
        String key = "context-it/" + device;
        var event = new AlertEvent(AlertEvent.alertIdOf(key, at), key, AlertEvent.Transition.RAISED, 0,
                AlertEvent.Severity.CRITICAL, AlertEvent.Cause.INCIDENT, "confirmed by 2 sensors within 1 km",
                List.of(new AlertEvent.Signal("neighbours-confirm", "2 of the same type within 1000 m")),
                "River level high at " + device, "Close the flood gate", "river-level", 3, device,
                department + "-gw", null, department, "north", 0.5, 0.5, at, at,
                new AlertEvent.Evidence("water_level above 2.5 m", Map.of("value", 2.5, "forDurationSeconds", 60.0),
                        List.of(new AlertEvent.EvidenceReading(device, at, "water_level", value, null, null))),
                List.of(), 0, null, null);
        return AlertingProcess.raise(event);
    }

    private String page(MockHttpSession session, String path, int status) throws Exception {
        var response = mvc.perform(get(path).session(session)).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(status);
        response.setCharacterEncoding("UTF-8");
        return response.getContentAsString();
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
