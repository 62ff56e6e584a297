package city.urbanops.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.postgres.PostgresDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A relay that takes over after a crash sends what the previous one did not get onto Kafka, and nothing it did: rows
 * whose records Kafka committed are marked published without being sent again, rows in a transaction the crash left
 * open (aborted by the new relay's fencing) or never sent are sent once.
 */
class OutboxRecoveryIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final EventJson JSON = new EventJson();

    private PostgresDatabase database;
    private JdbcTemplate jdbc;
    private OutboxRelay relay;
    private final String prefix = "rec-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void ownOutbox() {
        database = TestInfrastructure.postgres().createDatabase("outbox_" + Long.toHexString(
                UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        Flyway.configure().dataSource(database.dataSource()).load().migrate();
        jdbc = new JdbcTemplate(database.dataSource());
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.stop();
        }
    }

    @Test
    void aTakingOverRelaySendsOnlyWhatThePreviousOneDidNotGetOntoKafka() {
        var rows = IntStream.rangeClosed(1, 10).mapToObj(i -> insert(prefix + "-d" + i, 1)).toList();
        var committedByCrashedRelay = rows.subList(0, 5);
        var inItsOpenTransaction = rows.subList(5, 8);
        var claimedNotSent = rows.subList(8, 9);
        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.REGISTRY_DEVICES)) {
            // Given a relay that claimed a batch, got Kafka's commit and died before marking it published, then
            // claimed the next one, sent part of it in a transaction it never committed, and died.
            claim(committedByCrashedRelay, Instant.now().minusSeconds(10));
            var crashed = transactionalProducer();
            crashed.initTransactions();
            crashed.beginTransaction();
            committedByCrashedRelay.forEach(row -> crashed.send(OutboxRecords.toRecord(row, source(), outbox())));
            crashed.commitTransaction();
            var next = new ArrayList<>(inItsOpenTransaction);
            next.addAll(claimedNotSent);
            claim(next, Instant.now().minusSeconds(5));
            crashed.beginTransaction();
            inItsOpenTransaction.forEach(row -> crashed.send(OutboxRecords.toRecord(row, source(), outbox())));
            crashed.flush();
            // (the process dies here: the producer is abandoned with its transaction open)

            // When a relay starts on the same outbox
            relay = relay();
            relay.start();

            // Then every row is on the topic exactly once
            probe.awaitMatching(this::ours, rows.size(), WITHIN);
            var ids = probe.recordsAfter(Duration.ofSeconds(3)).stream().filter(this::ours)
                    .map(OutboxRecoveryIT::eventId).toList();
            assertThat(ids).containsExactlyInAnyOrderElementsOf(rows.stream().map(OutboxRow::eventId).toList());
            crashed.close(Duration.ZERO);
        }
        await().atMost(WITHIN).until(() -> unpublished() == 0);
    }

    @Test
    void aClaimedRowBehindAlreadyPublishedRowsOfItsPartitionIsStillSent() {
        // Given two devices whose records share a partition; the row with the higher seq committed first and was
        // published, the one with the lower seq committed late, was claimed, and the relay died before sending it.
        var keys = twoKeysOnOnePartition();
        var late = insert(keys.get(0), 1);
        var early = insert(keys.get(1), 1);
        assertThat(late.seq()).isLessThan(early.seq());
        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.REGISTRY_DEVICES)) {
            claim(List.of(early), Instant.now().minusSeconds(10));
            var crashed = transactionalProducer();
            crashed.initTransactions();
            crashed.beginTransaction();
            crashed.send(OutboxRecords.toRecord(early, source(), outbox()));
            crashed.commitTransaction();
            crashed.close();
            jdbc.update("update outbox set published_at = now() where seq = ?", early.seq());
            claim(List.of(late), Instant.now().minusSeconds(5));

            // When a relay takes over
            relay = relay();
            relay.start();

            // Then the late row is sent: the last record of its partition (seq above its own) is not from its batch
            probe.awaitMatching(r -> r.key().equals(late.key()), 1, WITHIN);
            assertThat(probe.recordsAfter(Duration.ofSeconds(2))).filteredOn(this::ours).extracting(OutboxRecoveryIT::eventId)
                    .containsExactly(early.eventId(), late.eventId());
        }
    }

    private OutboxRelay relay() {
        var properties = new OutboxRelayProperties(true, "recovery-it", null, 500, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofDays(7), Duration.ofHours(1), 10_000);
        var kafka = Map.<String, Object>of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers());
        return new OutboxRelay(new OutboxRepository(jdbc), new RelayLeadership(database.dataSource()), kafka, kafka,
                properties, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    /** A producer as the crashed relay had: the transactional id every relay of this outbox uses. */
    private KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, outbox()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The default transactional id, which also names the outbox in every record. */
    private String outbox() {
        return "device-registry-outbox-" + jdbc.queryForObject("select current_database()", String.class);
    }

    private OutboxRow insert(String deviceId, long version) {
        var value = JSON.write(OutboxRelayIT.sensorRecord(deviceId, "gw-1", version, Instant.now()));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long seq = jdbc.queryForObject("""
                insert into outbox (topic, record_key, event_type, event_id, subject, event_time, value)
                values (?, ?, 'DEVICE', ?, ?, ?, ?) returning seq""", Long.class,
                Topics.REGISTRY_DEVICES, deviceId, deviceId + "/" + version, deviceId, Timestamp.from(at), value);
        return new OutboxRow(seq, Topics.REGISTRY_DEVICES, deviceId, EventType.DEVICE,
                deviceId + "/" + version, deviceId, at, value, null);
    }

    private void claim(List<OutboxRow> rows, Instant at) {
        rows.forEach(row -> jdbc.update("update outbox set claimed_at = ? where seq = ?", Timestamp.from(at), row.seq()));
    }

    private long unpublished() {
        return jdbc.queryForObject("select count(*) from outbox where published_at is null", Long.class);
    }

    private List<String> twoKeysOnOnePartition() {
        int partitions;
        try (var admin = TestInfrastructure.kafka().admin()) {
            partitions = admin.describeTopics(List.of(Topics.REGISTRY_DEVICES)).allTopicNames().get()
                    .get(Topics.REGISTRY_DEVICES).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String first = prefix + "-a";
        int target = OutboxRecords.partitionOf(first, partitions);
        for (int i = 0; ; i++) {
            String candidate = prefix + "-b" + i;
            if (OutboxRecords.partitionOf(candidate, partitions) == target) {
                return List.of(first, candidate);
            }
        }
    }

    private boolean ours(ConsumerRecord<String, byte[]> record) {
        return record.key() != null && record.key().startsWith(prefix);
    }

    private static URI source() {
        return URI.create("urn:urbanops:device-registry:crashed");
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }
}
