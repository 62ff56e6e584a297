package city.urbanops.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.telemetry.TelemetryRecord;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated city exactly as {@code ./urbanops up} provisions it — reference data, one bulk import, a secret issued
 * by the registry for each gateway — with nothing written to a topic by hand: the registry's outbox relay publishes
 * the devices and credentials, ingestion admits the edge gateway's connections from that alone, the registry's
 * revocation of one gateway cuts it off while the other keeps publishing, and with the registry dead a restarted
 * ingestion still admits the gateway it knows from Kafka. Every service runs from its own jar.
 */
class ProvisionedCityIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KeycloakServer keycloak;
    private static ServiceProcess registry;
    private static ServiceProcess ingestion;
    private static ServiceProcess edge;
    private static int mqttPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTheServices() {
        var kafka = TestInfrastructure.kafka();
        var database = TestInfrastructure.postgres().createDatabase("provisioned_city_registry");
        keycloak = KeycloakServer.shared();
        registry = ServiceProcess.of("device-registry-service", jar("device-registry-service"), FreePorts.next(),
                Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                        "spring.datasource.url", database.jdbcUrl(),
                        "spring.datasource.username", database.username(),
                        "spring.datasource.password", database.password(),
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri())).start(START);
        mqttPort = FreePorts.next();
        ingestion = ServiceProcess.of("ingestion-service", jar("ingestion-service"), FreePorts.next(), Map.of(
                "urbanops.ingestion.mqtt.port", Integer.toString(mqttPort),
                "urbanops.ingestion.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "urbanops.ingestion.instance-id", "provisioned-1",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri())).start(START);
    }

    @AfterAll
    static void stopTheServices() {
        for (var service : new ServiceProcess[] {edge, ingestion, registry}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void theCityProvisionedThroughTheRegistryPublishesWithIssuedSecretsUntilTheRegistryRevokesAGateway()
            throws Exception {
        var plan = SimulatedCityPlan.of(2, 8, 42);
        Path secretsFile = dir.resolve("gateway-secrets.properties");
        var client = PlatformApiClient.signedIn(URI.create(registry.baseUrl()), keycloak.issuerUri(), "admin", "admin");

        var first = new CityProvisioning(client).provision(plan, GatewaySecrets.load(secretsFile));
        var again = new CityProvisioning(client).provision(plan, GatewaySecrets.load(secretsFile));

        assertThat(first.importCounts().get("created").asLong()).isEqualTo(18);
        assertThat(again.importCounts().get("unchanged").asLong()).as("the same city again changes nothing")
                .isEqualTo(18);
        assertThat(again.secrets().secretOf("gw-01")).as("a secret the registry still accepts is kept")
                .isEqualTo(first.secrets().secretOf("gw-01"));
        assertThat(Files.readString(registry.log())).doesNotContain(first.secrets().secretOf("gw-01"))
                .doesNotContain(first.secrets().secretOf("gw-02"));

        try (var classTopics = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.CLASS_TOPICS.toArray(String[]::new))) {
            edge = ServiceProcess.of("edge-gateway", jar("edge-gateway"), FreePorts.next(),
                    edgeProperties(plan, again.secrets())).start(START);

            for (String gateway : new String[] {"gw-01", "gw-02"}) {
                classTopics.awaitMatching(record -> gatewayOf(record.value()).equals(gateway), 8,
                        Duration.ofMinutes(2));
            }

            revoke("gw-01");
            // Readings already on their way when the connection is cut may still land; after that, none.
            classTopics.recordsAfter(Duration.ofSeconds(3));
            int before = classTopics.records().size();
            var all = classTopics.recordsAfter(Duration.ofSeconds(6));
            var later = all.subList(before, all.size());

            assertThat(later).extracting(record -> gatewayOf(record.value()))
                    .as("only the gateway the registry still admits publishes").isNotEmpty().containsOnly("gw-02");

            // The registry down: ingestion's view comes from Kafka, so even a restarted MQTT edge admits the gateway
            // it knows and keeps the revoked one out.
            registry.kill();
            edge.stop();
            ingestion.stop();
            long restarted = Instant.now().toEpochMilli();
            ingestion.start(START);
            edge.start(START);
            var afterRestart = classTopics.awaitMatching(record -> record.timestamp() > restarted
                    && gatewayOf(record.value()).equals("gw-02"), 8, Duration.ofMinutes(2));
            assertThat(afterRestart).isNotEmpty();
            assertThat(classTopics.records()).filteredOn(record -> record.timestamp() > restarted)
                    .extracting(record -> gatewayOf(record.value())).containsOnly("gw-02");
        }
    }

    private static Map<String, String> edgeProperties(SimulatedCityPlan plan, GatewaySecrets secrets) {
        var properties = new LinkedHashMap<String, String>();
        for (String line : plan.edgeGatewayProperties(secrets)) {
            if (!line.startsWith("#")) {
                properties.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        properties.put("urbanops.edge.mqtt.server-uri", "tcp://localhost:" + mqttPort);
        properties.put("urbanops.edge.simulation.reading-interval", "1s");
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri());
        return properties;
    }

    private static void revoke(String gatewayId) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/api/v1/devices/" + gatewayId
                        + "/lifecycle"))
                .header("Authorization", "Bearer " + keycloak.passwordToken("admin", "admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"REVOKED\",\"reason\":\"stolen from its cabinet\"}"))
                .build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String gatewayOf(byte[] value) {
        return JSON.read(value, TelemetryRecord.class).gatewayId();
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("urbanops.jar." + module));
    }
}
