package city.urbanops.telemetry.support;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The telemetry service on real infrastructure: Kafka and PostgreSQL from the test kit, tokens from a real
 * Keycloak with the city realm. All telemetry ITs share this one application context; each test uses device ids
 * of its own. The PostgreSQL server is this context's own, so that a test may stop and restart it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AdjustableClockConfiguration.class)
public abstract class TelemetryServiceIT {

    protected static final EventJson EVENTS = new EventJson();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PostgresDatabase server;
    private static PostgresDatabase database;
    private static KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        // While PostgreSQL is down, give up on a connection within seconds, so an outage shows as failed attempts.
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> KeycloakServer.shared().issuerUri());
    }

    private static synchronized PostgresDatabase database() {
        if (database == null) {
            server = PostgresDatabase.startEmbedded();
            database = server.createDatabase("telemetry_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        }
        return database;
    }

    protected static PostgresDatabase db() {
        return database();
    }

    /** The PostgreSQL server of this context: stop it to take the store's database away, start it to bring it back. */
    protected static PostgresDatabase postgresServer() {
        database();
        return server;
    }

    /** A device id no other test uses. */
    protected static String newDeviceId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A reading of a device the registry has in quarantine, as ingestion produces it. */
    protected static TelemetryRecord quarantinedReading(String deviceId, long seq, Instant time, EventClass eventClass,
                                                        Measurement... measurements) {
        return new TelemetryRecord(deviceId, seq, time, eventClass, "gw-test", time.plusMillis(50),
                List.of(measurements), true);
    }

    /** A reading of one numeric measurement on its class topic, as ingestion produces it. */
    protected static TelemetryRecord reading(String deviceId, long seq, Instant time, EventClass eventClass,
                                             Measurement... measurements) {
        return new TelemetryRecord(deviceId, seq, time, eventClass, "gw-test", time.plusMillis(50),
                List.of(measurements));
    }

    protected static void produce(TelemetryRecord record) {
        send(CloudEventRecords.toRecord(record.eventClass().topic(), record.deviceId(), EventType.TELEMETRY,
                record.eventId(), URI.create("urn:urbanops:test"), record.deviceId(), record.time(),
                EVENTS.write(record)));
    }

    /** The value bytes {@link #produce} sends for {@code record}. */
    protected static byte[] valueOf(TelemetryRecord record) {
        return EVENTS.write(record);
    }

    protected static void produceRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Publishes a device as the registry would, on the compacted device topic. */
    protected static void registerDevice(String deviceId, String department, String district) {
        registerDevice(deviceId, department, district, 1);
    }

    /** Publishes version {@code version} of a device as the registry would, on the compacted device topic. */
    protected static void registerDevice(String deviceId, String department, String district, long version) {
        send(deviceRecord(deviceId, department, district, version));
    }

    /** The record the registry publishes for version {@code version} of a sensor. */
    public static ProducerRecord<String, byte[]> deviceRecord(String deviceId, String department, String district,
                                                              long version) {
        DeviceRecord device = new DeviceRecord(deviceId, null, DeviceKind.SENSOR, "air-quality", "gw-test",
                DeviceLifecycle.ACTIVE, null, department, district, null, 52.0, 13.0,
                List.of("pm2_5", "pm10", "no2", "temperature", "humidity"), version, Instant.now());
        return CloudEventRecords.toRecord(Topics.REGISTRY_DEVICES, deviceId, EventType.DEVICE, device.eventId(),
                URI.create("urn:urbanops:test"), deviceId, Instant.now(), EVENTS.write(device));
    }

    /** Publishes the registry's tombstone for a deleted device. */
    protected static void deleteDevice(String deviceId) {
        send(new ProducerRecord<>(Topics.REGISTRY_DEVICES, deviceId, null));
    }

    private static synchronized void send(ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new ByteArraySerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "test-producer-close"));
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + record.topic(), e);
        }
    }

    /** A fresh, real access token of a demo user of the city realm (password = username). */
    protected static String tokenOf(String username) {
        return KeycloakServer.shared().passwordToken(username, username);
    }

    protected HttpResponse<String> get(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static String seriesPath(String deviceId, String query) {
        return "/api/v1/telemetry/devices/" + deviceId + "/series?" + query;
    }
}
