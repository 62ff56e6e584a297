package city.urbanops.operatorapi.audit;

import static city.urbanops.operatorapi.audit.AuditEvents.event;
import static city.urbanops.operatorapi.audit.AuditEvents.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit log's database goes away while other services keep sending audit events: the consumer retries the record
 * it failed on until the database is back, and every event is then chained, in order, none skipped. The database is
 * a PostgreSQL server of this test's own, so stopping it touches no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditConsumerOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventJson JSON = new EventJson();
    private static final PostgresDatabase DATABASE = PostgresDatabase.startEmbedded();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditChainVerifier verifier;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
        // A database of its own is a chain of its own: its anchors must not stand for the shared log's.
        registry.add("urbanops.operator.audit.anchor-chain", () -> "outage-it-" + DATABASE.jdbcUrl().hashCode());
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        registry.add("spring.kafka.consumer.group-id", () -> "operator-outage-it-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopDatabase() {
        DATABASE.close();
    }

    @Test
    void eventsSentWhileTheDatabaseIsDownAreChainedInOrderOnceItIsBack() {
        String id = unique("outage");
        publish(event(id + ":1", id));
        await().atMost(WAIT).until(() -> entries(id).size() == 1);
        double retriesBefore = retries();

        DATABASE.stop();
        try {
            publish(event(id + ":2", id));
            publish(event(id + ":3", id));
            await().atMost(WAIT).until(() -> retries() > retriesBefore);
        } finally {
            DATABASE.start();
        }

        await().atMost(WAIT).until(() -> entries(id).size() == 3);
        assertThat(entries(id)).containsExactly(id + ":1", id + ":2", id + ":3");
        ChainVerification verification = verifier.verify();
        assertThat(verification.intact()).as(verification.summary()).isTrue();
    }

    private List<String> entries(String targetId) {
        return jdbc.sql("select event_id from audit_entry where target_id = ? order by seq").param(targetId)
                .query(String.class).list();
    }

    private double retries() {
        return meters.get("urbanops.operator.audit.retries").counter().count();
    }

    private static void publish(AuditEvent event) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(CloudEventRecords.toRecord(Topics.AUDIT_EVENTS, event.source(), EventType.AUDIT,
                    event.eventId(), URI.create("urbanops:" + event.source()), event.targetId(), event.at(),
                    JSON.write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + Topics.AUDIT_EVENTS, e);
        }
    }
}
