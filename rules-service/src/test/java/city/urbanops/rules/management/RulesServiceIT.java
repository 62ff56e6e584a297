package city.urbanops.rules.management;

import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.registry.RegistryVocabulary;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * rules-service on real infrastructure: a PostgreSQL database of its own, the test kit's Kafka (with the registry's
 * devices published on {@code registry.devices}) and tokens from a real Keycloak with the city realm. Every IT
 * extending this shares one application context; each test uses rule ids of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RulesServiceIT {

    /** The registry as these tests see it: two departments, two districts, a site and two device types. */
    protected static final List<DeviceRecord> CITY = List.of(
            device("flood-n1", "flood-sensor", "water", "north", "harbour-1", List.of("water_level", "battery_low")),
            device("flood-s1", "flood-sensor", "water", "south", null, List.of("water_level", "battery_low")),
            device("door-n1", "door-contact", "transport", "north", null, List.of("open")),
            device("loop-s1", "traffic-loop", "transport", "south", null, List.of("vehicle_count", "speed")));

    private static PostgresDatabase database;
    private static boolean cityPublished;

    @LocalServerPort
    protected int port;

    @Autowired
    protected RegistryVocabulary vocabulary;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        // Each application context runs the rules topology as an application of its own, with its own state.
        String run = "rules-it-" + Long.toHexString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
        registry.add("urbanops.rules.application-id", () -> run);
        registry.add("urbanops.rules.state-dir", () -> System.getProperty("java.io.tmpdir") + "/" + run);
    }

    protected static synchronized PostgresDatabase database() {
        if (database == null) {
            database = TestInfrastructure.postgres().createDatabase("rules_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        }
        return database;
    }

    @BeforeEach
    protected void registryKnowsTheCity() {
        publishCity();
        await().atMost(Duration.ofSeconds(30)).until(() -> vocabulary.caughtUp()
                && CITY.stream().allMatch(device -> vocabulary.hasDevice(device.deviceId())));
    }

    private static synchronized void publishCity() {
        if (!cityPublished) {
            CITY.forEach(device -> publishDevice(device.deviceId(), device));
            cityPublished = true;
        }
    }

    /** Writes {@code device} (null: a tombstone) to {@code registry.devices}, as the registry would. */
    protected static void publishDevice(String deviceId, DeviceRecord device) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REGISTRY_DEVICES, deviceId,
                    device == null ? null : new EventJson().write(device))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish device " + deviceId, e);
        }
    }

    protected static DeviceRecord device(String id, String type, String department, String district, String site,
                                         List<String> measurements) {
        return new DeviceRecord(id, null, DeviceKind.SENSOR, type, "gw-" + district, DeviceLifecycle.ACTIVE, null,
                department, district, site, null, null, measurements, 1, Instant.parse("2026-11-30T08:00:00Z"));
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A rule id no other test uses. */
    protected static String newRuleId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
