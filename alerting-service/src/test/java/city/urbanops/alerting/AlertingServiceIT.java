package city.urbanops.alerting;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * alerting-service on real infrastructure: a PostgreSQL database of its own ({@code alerting_*}), the test kit's Kafka
 * (every platform topic created) and tokens from a real Keycloak with the city realm. Every IT extending this shares
 * one application context; each test uses condition keys (and so alerts) of its own, see {@link #newConditionKey}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AlertingServiceIT {

    private static final EventJson JSON = new EventJson();
    private static final URI SOURCE = URI.create("urbanops:rules-service");
    // Keycloak's access tokens live five minutes; one per user is reused for a minute.
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private static PostgresDatabase database;
    private static KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    protected int port;

    private record Token(String value, Instant fetchedAt) {
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        // Each application context consumes alerts as a group of its own, from the start of the topic.
        registry.add("spring.kafka.consumer.group-id", () -> "alerting-it-" + UUID.randomUUID());
    }

    /** The database of this JVM's alerting contexts, created on first use. */
    protected static synchronized PostgresDatabase database() {
        if (database == null) {
            database = TestInfrastructure.postgres().createDatabase("alerting_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        }
        return database;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** An access token of the demo realm user {@code user} (password = user name), carrying alerting's audience. */
    public static String token(String user) {
        return TOKENS.compute(user, (u, token) -> token != null
                && token.fetchedAt().isAfter(Instant.now().minusSeconds(60)) ? token
                : new Token(KeycloakServer.shared().passwordToken(u, u), Instant.now())).value();
    }

    /**
     * Writes {@code event} to {@code alerts} as rules-service does (keyed by its condition key, CloudEvents headers
     * with {@code ce_id} = its event id) and returns once Kafka acknowledged it.
     */
    public static void publish(AlertEvent event) {
        send(CloudEventRecords.toRecord(Topics.ALERTS, event.conditionKey(), EventType.ALERT, event.eventId(), SOURCE,
                event.conditionKey(), event.time(), JSON.write(event)));
    }

    /** Writes raw bytes to {@code alerts} under {@code key}, without headers: what a broken producer might send. */
    protected static void publishRaw(String key, byte[] value) {
        send(new ProducerRecord<>(Topics.ALERTS, key, value));
    }

    /** A condition key no other test uses. */
    protected static String newConditionKey(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static synchronized void send(ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }
}
