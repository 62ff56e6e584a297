package city.urbanops.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.process.ServiceProcess;
import city.urbanops.testkit.registry.RegistryFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton with real parts only: the simulated city (edge-gateway, authenticating with the secret the
 * registry's records were provisioned with) publishes over MQTT 5 to the ingestion service, which produces each
 * reading to its class topic before the PUBACK; the telemetry service stores it in PostgreSQL; an analyst reads the
 * series through the REST API with a token from a real Keycloak. Every service runs from its own executable jar in a
 * JVM of its own.
 */
class WalkingSkeletonIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int mqttPort;
    private static ServiceProcess ingestion;
    private static ServiceProcess telemetry;
    private static ServiceProcess edge;
    private static KeycloakServer keycloak;
    private static RegistryFixture registry;

    @BeforeAll
    static void startThePlatform() {
        var kafka = TestInfrastructure.kafka();
        registry = RegistryFixture.on(kafka.bootstrapServers());
        var database = TestInfrastructure.postgres().createDatabase("walking_skeleton");
        keycloak = KeycloakServer.shared();
        mqttPort = FreePorts.next();
        ingestion = ServiceProcess.of("ingestion-service", jar("ingestion-service"), FreePorts.next(), Map.of(
                "urbanops.ingestion.mqtt.port", Integer.toString(mqttPort),
                "urbanops.ingestion.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "urbanops.ingestion.instance-id", "skeleton-1",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri())).start(START);
        telemetry = ServiceProcess.of("telemetry-service", jar("telemetry-service"), FreePorts.next(), Map.of(
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri())).start(START);
    }

    @AfterAll
    static void stopThePlatform() {
        for (var service : new ServiceProcess[] {edge, telemetry, ingestion}) {
            if (service != null) {
                service.close();
            }
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aSimulatedCityReadingIsReadBackThroughTheAuthenticatedSeriesApi() {
        try (var classTopics = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.CLASS_TOPICS.toArray(String[]::new))) {
            // Provisioned as the registry would: the gateway's credentials and its air-quality station.
            var simulated = registry.gateway("gw-sim");
            registry.device("gw-sim-aq-001", "gw-sim", DeviceLifecycle.ACTIVE, null,
                    List.of("pm2_5", "pm10", "no2", "temperature", "humidity"));
            edge = ServiceProcess.of("edge-gateway", jar("edge-gateway"), FreePorts.next(), Map.of(
                    "urbanops.edge.mqtt.server-uri", "tcp://localhost:" + mqttPort,
                    "urbanops.edge.mqtt.secrets.gw-sim", simulated.secret(),
                    "urbanops.edge.simulation.devices[0].id", "gw-sim-aq-001",
                    "urbanops.edge.simulation.devices[0].gateway-id", "gw-sim",
                    "urbanops.edge.simulation.devices[0].type", "AIR_QUALITY",
                    "urbanops.edge.simulation.reading-interval", "1s",
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri())).start(START);

            var environmental = classTopics.awaitMatching(record -> record.topic().equals(Topics.TELEMETRY_ENVIRONMENTAL),
                    1, Duration.ofMinutes(1));
            var reading = TopicProbe.value(environmental.getFirst(), TelemetryRecord.class);
            var measurement = reading.measurements().getFirst().name();
            var token = keycloak.passwordToken("analyst", "analyst");

            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                var response = series(token, reading.deviceId(), measurement, reading.time());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(JSON.mapper().readTree(response.body()).toString())
                        .contains(reading.deviceId()).contains(measurement);
                assertThat(points(response.body())).isNotEmpty();
            });
        }
    }

    @Test
    void theSeriesApiRefusesACallWithoutATokenAsProblemJson() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(telemetry.baseUrl()
                        + "/api/v1/telemetry/devices/any/series?measurement=pm2_5")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void aMalformedBatchIsDeadLetteredWithItsReasonAndTheGatewayIsToldNotToRetry() {
        try (var rejected = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.TELEMETRY_REJECTED);
             var gateway = MqttTestGateway.connect("tcp://localhost:" + mqttPort,
                     registry.gateway("gw-skeleton-bad"))) {
            var payload = "{\"gatewayId\":\"gw-skeleton-bad\",\"readings\":[{\"deviceId\":".getBytes(StandardCharsets.UTF_8);

            var outcome = gateway.publish(MqttTopics.uplink("gw-skeleton-bad"), payload);

            assertThat(outcome.reasonCode()).isEqualTo(0x99);
            var deadLetter = TopicProbe.value(rejected.awaitRecords(1, Duration.ofSeconds(30)).getFirst(),
                    RejectedTelemetry.class);
            assertThat(deadLetter.reason()).isEqualTo(RejectReason.MALFORMED);
            assertThat(deadLetter.gatewayId()).isEqualTo("gw-skeleton-bad");
            assertThat(deadLetter.payload()).isEqualTo(new String(payload, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBadReadingIsDeadLetteredWhileTheRestOfItsBatchIsStored() throws Exception {
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var good = new Reading("skeleton-aq-1", now, 1, null, List.of(Measurement.numeric("pm10", "ug/m3", 17)));
        var badClass = new Reading("skeleton-aq-2", now, 1, "WEATHER", List.of(Measurement.numeric("pm10", "ug/m3", 9)));
        var provisioned = registry.gateway("gw-skeleton-mixed");
        registry.device("skeleton-aq-1", "gw-skeleton-mixed", DeviceLifecycle.ACTIVE, null, List.of("pm10"));
        registry.device("skeleton-aq-2", "gw-skeleton-mixed", DeviceLifecycle.ACTIVE, null, List.of("pm10"));
        try (var rejected = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.TELEMETRY_REJECTED);
             var gateway = MqttTestGateway.connect("tcp://localhost:" + mqttPort, provisioned)) {

            var outcome = gateway.publishBatch(new UplinkBatch("gw-skeleton-mixed", now, List.of(good, badClass)));

            assertThat(outcome.delivered()).isTrue();
            var deadLetter = TopicProbe.value(rejected.awaitRecords(1, Duration.ofSeconds(30)).getFirst(),
                    RejectedTelemetry.class);
            assertThat(deadLetter.reason()).isEqualTo(RejectReason.UNKNOWN_EVENT_CLASS);
            assertThat(deadLetter.deviceId()).isEqualTo("skeleton-aq-2");
            var token = keycloak.passwordToken("analyst", "analyst");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(points(series(token, "skeleton-aq-1", "pm10", now).body())).hasSize(1));
            assertThat(points(series(token, "skeleton-aq-2", "pm10", now).body())).isEmpty();
        }
    }

    private static HttpResponse<String> series(String token, String deviceId, String measurement, Instant around)
            throws Exception {
        var query = "measurement=" + URLEncoder.encode(measurement, StandardCharsets.UTF_8)
                + "&from=" + around.minus(Duration.ofMinutes(5)) + "&to=" + around.plus(Duration.ofMinutes(5));
        var request = HttpRequest.newBuilder(URI.create(telemetry.baseUrl() + "/api/v1/telemetry/devices/"
                        + deviceId + "/series?" + query))
                .header("Authorization", "Bearer " + token).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> points(String body) {
        var tree = JSON.mapper().readTree(body);
        var points = tree.path("points");
        var list = new java.util.ArrayList<JsonNode>();
        points.forEach(list::add);
        return list;
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("urbanops.jar." + module));
    }
}
