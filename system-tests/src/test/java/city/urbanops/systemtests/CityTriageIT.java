package city.urbanops.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.codec.EventJson;
import city.urbanops.localplatform.seed.CityProvisioning;
import city.urbanops.localplatform.seed.GatewaySecrets;
import city.urbanops.localplatform.seed.PlatformApiClient;
import city.urbanops.localplatform.seed.SimulatedCityPlan;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated city, provisioned through the registry, publishing through ingestion, judged by rules-service — every
 * service from its own jar — and faults injected through the simulation's API: a gateway with 500 devices loses its
 * uplink (one network-fault alert, not one absence alert per device, and nothing raised when it replays its buffer),
 * a sensor gets stuck (one device-fault alert), three flood sensors of one district rise together (one incident
 * alert). When each fault ends, its alert clears.
 */
class CityTriageIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SimulatedCityPlan PLAN = SimulatedCityPlan.of(3, 500, 7);

    private static KeycloakServer keycloak;
    private static ServiceProcess registry;
    private static ServiceProcess ingestion;
    private static ServiceProcess rules;
    private static ServiceProcess edge;
    private static int mqttPort;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startTheCity() throws Exception {
        var kafka = TestInfrastructure.kafka();
        keycloak = KeycloakServer.shared();
        var registryDb = TestInfrastructure.postgres().createDatabase("city_triage_registry");
        registry = ServiceProcess.of("device-registry-service", jar("device-registry-service"), FreePorts.next(),
                Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                        "spring.datasource.url", registryDb.jdbcUrl(),
                        "spring.datasource.username", registryDb.username(),
                        "spring.datasource.password", registryDb.password(),
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri())).start(START);
        mqttPort = FreePorts.next();
        ingestion = ServiceProcess.of("ingestion-service", jar("ingestion-service"), FreePorts.next(), Map.of(
                "urbanops.ingestion.mqtt.port", Integer.toString(mqttPort),
                "urbanops.ingestion.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "urbanops.ingestion.instance-id", "city-triage-1",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri())).start(START);
        var rulesDb = TestInfrastructure.postgres().createDatabase("city_triage_rules");
        var rulesProperties = new LinkedHashMap<String, String>();
        rulesProperties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        rulesProperties.put("spring.datasource.url", rulesDb.jdbcUrl());
        rulesProperties.put("spring.datasource.username", rulesDb.username());
        rulesProperties.put("spring.datasource.password", rulesDb.password());
        rulesProperties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri());
        rulesProperties.put("urbanops.rules.application-id", "city-triage-rules");
        rulesProperties.put("urbanops.rules.state-dir", dir.resolve("rules-state").toString());
        // The city's clock runs as in production; only the waits are shortened so the test takes minutes.
        rulesProperties.put("urbanops.rules.network-settle", "PT10S");
        rulesProperties.put("urbanops.rules.absence-check-every", "PT1S");
        rulesProperties.put("urbanops.rules.stuck-readings", "8");
        rulesProperties.put("urbanops.rules.stuck-for", "PT8S");
        rules = ServiceProcess.of("rules-service", jar("rules-service"), FreePorts.next(), rulesProperties)
                .start(START);

        var client = PlatformApiClient.signedIn(URI.create(registry.baseUrl()), keycloak.issuerUri(), "admin", "admin");
        var provisioned = new CityProvisioning(client).provision(PLAN,
                GatewaySecrets.load(dir.resolve("gateway-secrets.properties")));

        enableRule("silent-device", """
                {"name": "Silent device", "severity": "WARNING",
                 "recommendedAction": "Check the device's power and its radio link",
                 "condition": {"type": "absence", "forDuration": "PT20S"}}""");
        enableRule("district-flood", """
                {"name": "Flooding in a district", "severity": "CRITICAL",
                 "recommendedAction": "Close the underpasses of the district and send crews",
                 "scope": {"deviceTypes": ["flood-level"]},
                 "condition": {"type": "group-count", "measurement": "water_level", "direction": "ABOVE",
                               "value": 1.0, "groupBy": "DISTRICT", "atLeast": 3, "window": "PT10M"}}""");

        edge = ServiceProcess.of("edge-gateway", jar("edge-gateway"), FreePorts.next(),
                edgeProperties(provisioned.secrets())).start(START);
    }

    @AfterAll
    static void stopTheCity() {
        for (var service : new ServiceProcess[] {edge, rules, ingestion, registry}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void aGatewayThatLosesItsUplinkIsOneNetworkFaultAndItsDevicesSilencesAreNotRaised() throws Exception {
        try (var alerts = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTS)) {
            inject("""
                    {"kind": "UPLINK_LOSS", "gatewayId": "gw-01", "durationSeconds": 60}""");

            var raised = alerts.awaitMatching(alert(a -> a.cause() == Cause.NETWORK_FAULT
                    && a.transition() == Transition.RAISED), 1, Duration.ofMinutes(2));
            var cleared = alerts.awaitMatching(alert(a -> a.conditionKey().equals(value(raised.getFirst())
                    .conditionKey()) && a.transition() == Transition.CLEARED), 1, Duration.ofMinutes(3));
            var all = alerts.recordsAfter(Duration.ofSeconds(20)).stream().map(CityTriageIT::value).toList();

            assertThat(value(raised.getFirst()).conditionKey()).isEqualTo("network/gateway/gw-01");
            assertThat(value(cleared.getFirst()).transition()).isEqualTo(Transition.CLEARED);
            assertThat(all).filteredOn(a -> a.transition() == Transition.RAISED)
                    .as("one network fault, and not one silence of the 500 devices behind the gateway; saw %s",
                            all.stream().filter(a -> a.conditionKey().contains("gw-01")).limit(40)
                                    .map(a -> a.conditionKey() + " " + a.transition() + " raisedAt=" + a.raisedAt()
                                            + " time=" + a.time() + " " + a.cause() + ": " + a.causeExplanation())
                                    .toList())
                    .filteredOn(a -> "gw-01".equals(a.gatewayId()) || a.conditionKey().contains("gw-01"))
                    .extracting(AlertEvent::conditionKey).containsExactly("network/gateway/gw-01");
            assertThat(all).filteredOn(a -> a.conditionKey().equals("network/gateway/gw-01"))
                    .extracting(AlertEvent::suppressedCount).last().asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.INTEGER).isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void aStuckSensorIsOneDeviceFault() throws Exception {
        String device = PLAN.devices().stream().filter(d -> d.gatewayId().equals("gw-02")
                && d.type() == SimulatedCityPlan.DeviceType.FLOOD_LEVEL).findFirst().orElseThrow().id();
        try (var alerts = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTS)) {
            inject("""
                    {"kind": "STUCK_SENSOR", "deviceId": "%s", "durationSeconds": 40}""".formatted(device));

            var raised = alerts.awaitMatching(alert(a -> device.equals(a.deviceId())
                    && a.transition() == Transition.RAISED), 1, Duration.ofMinutes(2));
            alerts.awaitMatching(alert(a -> device.equals(a.deviceId()) && a.transition() == Transition.CLEARED), 1,
                    Duration.ofMinutes(2));
            var ofDevice = alerts.records().stream().map(CityTriageIT::value)
                    .filter(a -> device.equals(a.deviceId()) && a.transition() == Transition.RAISED).toList();

            assertThat(ofDevice).singleElement().satisfies(alert -> {
                assertThat(alert.cause()).isEqualTo(Cause.DEVICE_FAULT);
                assertThat(alert.signals()).extracting(AlertEvent.Signal::name).contains("stuck-value");
            });
            assertThat(value(raised.getFirst()).conditionKey()).isEqualTo("device-health/" + device);
        }
    }

    @Test
    void threeFloodSensorsOfOneDistrictRisingTogetherAreOneIncident() throws Exception {
        var floodSensors = PLAN.devices().stream().filter(d -> d.gatewayId().equals("gw-03")
                && d.type() == SimulatedCityPlan.DeviceType.FLOOD_LEVEL).limit(3).toList();
        String district = floodSensors.getFirst().district();
        try (var alerts = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTS)) {
            for (var sensor : floodSensors) {
                inject("""
                        {"kind": "FLOOD", "deviceId": "%s", "durationSeconds": 25}""".formatted(sensor.id()));
            }

            var raised = alerts.awaitMatching(alert(a -> "district-flood".equals(a.ruleId())
                    && a.transition() == Transition.RAISED), 1, Duration.ofMinutes(2));
            alerts.awaitMatching(alert(a -> "district-flood".equals(a.ruleId())
                    && a.transition() == Transition.CLEARED), 1, Duration.ofMinutes(3));
            var floods = alerts.records().stream().map(CityTriageIT::value)
                    .filter(a -> "district-flood".equals(a.ruleId()) && a.transition() == Transition.RAISED).toList();

            assertThat(floods).singleElement().satisfies(alert -> {
                assertThat(alert.cause()).isEqualTo(Cause.INCIDENT);
                assertThat(alert.conditionKey()).isEqualTo("district-flood/district:" + district);
            });
            assertThat(value(raised.getFirst()).causeExplanation()).contains(floodSensors.getFirst().id());
        }
    }

    private static void enableRule(String id, String rule) throws Exception {
        String token = keycloak.passwordToken("supervisor", "supervisor");
        var created = post(rules.baseUrl() + "/api/v1/rules", token,
                "{\"id\": \"" + id + "\", \"reason\": \"city triage test\", \"rule\": " + rule + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var enabled = post(rules.baseUrl() + "/api/v1/rules/" + id + "/enable", token,
                "{\"version\": 1, \"reason\": \"city triage test\"}");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
    }

    private static void inject(String fault) throws Exception {
        var response = post(edge.baseUrl() + "/api/v1/simulation/incidents",
                keycloak.passwordToken("supervisor", "supervisor"), fault);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> edgeProperties(GatewaySecrets secrets) {
        var properties = new LinkedHashMap<String, String>();
        for (String line : PLAN.edgeGatewayProperties(secrets)) {
            if (!line.startsWith("#")) {
                properties.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        properties.put("urbanops.edge.mqtt.server-uri", "tcp://localhost:" + mqttPort);
        properties.put("urbanops.edge.simulation.reading-interval", "1s");
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri());
        return properties;
    }

    private static Predicate<ConsumerRecord<String, byte[]>> alert(Predicate<AlertEvent> test) {
        return record -> test.test(value(record));
    }

    private static AlertEvent value(ConsumerRecord<String, byte[]> record) {
        return JSON.read(record.value(), AlertEvent.class);
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("urbanops.jar." + module));
    }
}
