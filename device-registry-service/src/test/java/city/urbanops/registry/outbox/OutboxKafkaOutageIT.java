package city.urbanops.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.registry.outbox.RelayStatus.Role;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.postgres.PostgresDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Kafka away: the relay retries with back-off, its health turns DOWN after {@code down-after}, changes keep
 * committing into the outbox, and once Kafka is back everything arrives, once each and in order, nothing skipped.
 */
class OutboxKafkaOutageIT {

    private static final Duration DOWN_AFTER = Duration.ofSeconds(8);
    private static final EventJson JSON = new EventJson();

    private KafkaBroker kafka;
    private PostgresDatabase database;
    private JdbcTemplate jdbc;
    private OutboxRelay relay;
    private SimpleMeterRegistry meters;
    private final String device = "outage-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void ownBrokerAndOutbox() {
        kafka = KafkaBroker.startDedicated();
        database = TestInfrastructure.postgres().createDatabase("outbox_outage_" + Long.toHexString(
                UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        Flyway.configure().dataSource(database.dataSource()).load().migrate();
        jdbc = new JdbcTemplate(database.dataSource());
        meters = new SimpleMeterRegistry();
        var properties = new OutboxRelayProperties(true, "outage-it", null, 500, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(1), DOWN_AFTER,
                Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofDays(7), Duration.ofHours(1), 10_000);
        var config = Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers());
        relay = new OutboxRelay(new OutboxRepository(jdbc), new RelayLeadership(database.dataSource()), config, config,
                properties, Clock.systemUTC(), meters);
    }

    @AfterEach
    void stop() {
        relay.stop();
        kafka.close();
    }

    @Test
    void changesCommittedWhileKafkaIsAwayArriveOnceAndInOrderWhenItIsBack() {
        var health = new OutboxRelayHealthIndicator(relay::status, DOWN_AFTER, Clock.systemUTC());
        try (var probe = TopicProbe.fromEnd(kafka.bootstrapServers(), Topics.REGISTRY_DEVICES)) {
            relay.start();
            LongStream.rangeClosed(1, 5).forEach(this::commitVersion);
            probe.awaitMatching(r -> device.equals(r.key()), 5, Duration.ofSeconds(60));

            kafka.stop();
            LongStream.rangeClosed(6, 15).forEach(this::commitVersion);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(relay.status().role()).isEqualTo(Role.ACTIVE);
                assertThat(meters.get("urbanops.registry.outbox.pending").gauge().value()).isEqualTo(10.0);
                assertThat(meters.get("urbanops.registry.outbox.lag").gauge().value()).isPositive();
            });

            kafka.start();

            var versions = probe.awaitMatching(r -> device.equals(r.key()), 15, Duration.ofSeconds(90));
            assertThat(probe.recordsAfter(Duration.ofSeconds(2)).stream().filter(r -> device.equals(r.key()))
                    .map(r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 15).mapToObj(v -> device + "/" + v).toList());
            assertThat(versions).hasSize(15);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(meters.get("urbanops.registry.outbox.pending").gauge().value()).isZero();
            });
            assertThat(meters.get("urbanops.registry.outbox.published").counter().count()).isEqualTo(15.0);
        }
    }

    private void commitVersion(long version) {
        var at = Instant.now();
        jdbc.update("""
                insert into outbox (topic, record_key, event_type, event_id, subject, event_time, value)
                values (?, ?, 'DEVICE', ?, ?, ?, ?)""", Topics.REGISTRY_DEVICES, device, device + "/" + version, device,
                Timestamp.from(at), JSON.write(OutboxRelayIT.sensorRecord(device, "gw-1", version, at)));
    }
}
