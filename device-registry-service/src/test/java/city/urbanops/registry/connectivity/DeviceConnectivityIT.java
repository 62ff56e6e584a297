package city.urbanops.registry.connectivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Online / offline / last seen on real Kafka and PostgreSQL: gateway status events and readings' keys and timestamps
 * end up in {@code device_activity} within a flush, one row per device however many readings came; a record it cannot
 * use ends up on {@code registry.dead-letter} with its reason.
 */
class DeviceConnectivityIT {

    private static final Duration FLUSH = Duration.ofSeconds(1);
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final EventJson JSON = new EventJson();

    private static PostgresDatabase database;
    private static JdbcTemplate jdbc;
    private static KafkaProducer<String, byte[]> producer;

    private DeviceActivityConsumer consumer;
    private ActivityDeadLetters deadLetters;
    private SimpleMeterRegistry meters;
    private final String gateway = newId("gw");
    private final String sensorA = newId("aq");
    private final String sensorB = newId("aq");

    @BeforeAll
    static void infrastructure() {
        database = TestInfrastructure.postgres().createDatabase("activity_" + Long.toHexString(
                UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        Flyway.configure().dataSource(database.dataSource()).load().migrate();
        jdbc = new JdbcTemplate(database.dataSource());
        jdbc.update("insert into department (id, name) values ('environment', 'Environment')");
        jdbc.update("insert into district (id, name, boundary) values ('north', 'North', "
                + "'{\"type\":\"Polygon\",\"coordinates\":[[[5.0,52.0],[5.2,52.0],[5.2,52.2],[5.0,52.0]]]}')");
        jdbc.update("insert into device_type (id, kind) values ('air-quality', 'SENSOR'), ('edge-gateway', 'GATEWAY')");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @BeforeEach
    void registerDevicesAndStartConsuming() {
        device(gateway, "GATEWAY", "edge-gateway", null);
        device(sensorA, "SENSOR", "air-quality", gateway);
        device(sensorB, "SENSOR", "air-quality", gateway);
        meters = new SimpleMeterRegistry();
        var properties = new ConnectivityProperties(true, "device-registry-activity-" + newId("it"), FLUSH, 200_000,
                10_000, 5_000, Duration.ofSeconds(1));
        var kafka = Map.<String, Object>of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers());
        deadLetters = new ActivityDeadLetters(kafka, meters);
        consumer = new DeviceActivityConsumer(kafka, new ActivityRepository(jdbc, properties.maxDevicesPerStatement()),
                properties, deadLetters, Clock.systemUTC(), meters);
        consumer.start();
        await().atMost(WITHIN).until(consumer::assigned);
    }

    @AfterEach
    void stopConsuming() {
        consumer.stop();
        deadLetters.close();
    }

    @Test
    void statusEventsAndReadingsReachDeviceActivityWithinAFlush() {
        Instant connected = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        Instant reading = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);

        status(gateway, Connectivity.ONLINE, Cause.CONNECTED, "ingestion-1", connected);
        readingOf(sensorA, reading);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(row(gateway)).containsEntry("connectivity", "ONLINE")
                    .containsEntry("connectivity_since", Timestamp.from(connected))
                    .containsEntry("connectivity_instance", "ingestion-1")
                    .as("a gateway is seen when its sensor's reading came through it")
                    .containsEntry("last_seen", Timestamp.from(reading));
            assertThat(row(sensorA)).containsEntry("last_seen", Timestamp.from(reading))
                    .containsEntry("connectivity", null);
        });
        assertThat(rows(sensorB)).as("a silent sensor has no activity").isZero();

        Instant lost = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        status(gateway, Connectivity.OFFLINE, Cause.CONNECTION_LOST, "ingestion-1", lost);

        await().atMost(WITHIN).untilAsserted(() -> assertThat(row(gateway))
                .containsEntry("connectivity", "OFFLINE").containsEntry("connectivity_since", Timestamp.from(lost))
                .containsEntry("last_seen", Timestamp.from(reading)));
    }

    @Test
    void manyReadingsBecomeOneRowPerDeviceWithTheLatestTime() {
        Instant start = Instant.now().minusSeconds(3_600).truncatedTo(ChronoUnit.MILLIS);
        var unknown = newId("ghost");
        int perDevice = 2_000;
        for (int i = 0; i < perDevice; i++) {
            readingOf(sensorA, start.plusMillis(i * 10L));
            readingOf(sensorB, start.plusMillis(i * 10L + 5));
            readingOf(unknown, start.plusMillis(i));
        }
        producer.flush();
        Instant lastOfA = start.plusMillis((perDevice - 1) * 10L);
        Instant lastOfB = lastOfA.plusMillis(5);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(row(sensorA)).containsEntry("last_seen", Timestamp.from(lastOfA));
            assertThat(row(sensorB)).containsEntry("last_seen", Timestamp.from(lastOfB));
            assertThat(row(gateway)).containsEntry("last_seen", Timestamp.from(lastOfB));
        });
        assertThat(rows(sensorA) + rows(sensorB) + rows(gateway)).isEqualTo(3);
        assertThat(rows(unknown)).as("only devices the registry knows get a row").isZero();
        double flushes = meters.get("urbanops.registry.connectivity.flushes").tag("outcome", "written").counter().count();
        assertThat(flushes).as("6,000 readings are written in a few flushes, never one write per reading")
                .isLessThan(30);
    }

    @Test
    void anOfflineFromTheInstanceAGatewayLeftDoesNotOverrideItsNewConnection() {
        Instant t = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        status(gateway, Connectivity.ONLINE, Cause.CONNECTED, "ingestion-1", t);
        status(gateway, Connectivity.ONLINE, Cause.CONNECTED, "ingestion-2", t.plusSeconds(5));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(row(gateway))
                .containsEntry("connectivity_instance", "ingestion-2"));

        // ingestion-1 notices the dead connection only when its keep-alive expires, after the gateway moved on.
        var before = (Timestamp) jdbc.queryForObject("select updated_at from device_activity where device_id = ?",
                Timestamp.class, gateway);
        status(gateway, Connectivity.OFFLINE, Cause.CONNECTION_LOST, "ingestion-1", t.plusSeconds(20));
        await().atMost(WITHIN).until(() -> jdbc.queryForObject(
                "select updated_at from device_activity where device_id = ?", Timestamp.class, gateway).after(before));

        assertThat(row(gateway)).containsEntry("connectivity", "ONLINE")
                .containsEntry("connectivity_instance", "ingestion-2")
                .containsEntry("connectivity_since", Timestamp.from(t.plusSeconds(5)));
    }

    @Test
    void anUnusableRecordIsDeadLetteredWithItsReasonAndTheConsumerMovesOn() {
        Instant connected = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
        byte[] notJson = ("{not a status of " + gateway).getBytes(StandardCharsets.UTF_8);
        byte[] incomplete = ("{\"gatewayId\":\"" + gateway + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] keyless = ("a reading nobody sent, " + gateway).getBytes(StandardCharsets.UTF_8);
        try (var deadLetter = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.REGISTRY_DEAD_LETTER)) {
            producer.send(new ProducerRecord<>(Topics.GATEWAY_STATUS, gateway, notJson));
            producer.send(new ProducerRecord<>(Topics.GATEWAY_STATUS, gateway, incomplete));
            producer.send(new ProducerRecord<>(Topics.TELEMETRY_ENVIRONMENTAL, null, keyless));
            // Behind the unusable records on the same partition: applied only if the consumer moved on.
            status(gateway, Connectivity.ONLINE, Cause.CONNECTED, "ingestion-1", connected);

            // Dead letters are at least once: a record read again after a rebalance is dead-lettered again, so
            // three letters may be two records, one twice. Wait for each of the three.
            for (byte[] unusable : List.of(notJson, incomplete, keyless)) {
                deadLetter.awaitMatching(record -> Arrays.equals(unusable, record.value()), 1, WITHIN);
            }
            var letters = deadLetter.records().stream().filter(record -> gateway.equals(record.key())
                    || Arrays.equals(keyless, record.value())).toList();

            assertThat(letters.stream().map(record -> tuple(new String(record.value(), StandardCharsets.UTF_8),
                            header(record, ActivityDeadLetters.REASON_HEADER))).distinct().toList())
                    .containsExactlyInAnyOrder(
                            tuple(new String(notJson, StandardCharsets.UTF_8), "UNDECODABLE"),
                            tuple(new String(incomplete, StandardCharsets.UTF_8), "UNDECODABLE"),
                            tuple(new String(keyless, StandardCharsets.UTF_8), "NO_KEY"));
            assertThat(letters).allSatisfy(record -> assertThat(header(record, ActivityDeadLetters.DETAIL_HEADER))
                    .isNotBlank());
            assertThat(letters).filteredOn(record -> gateway.equals(record.key()))
                    .extracting(record -> header(record, ActivityDeadLetters.DETAIL_HEADER))
                    .anySatisfy(detail -> assertThat(detail).startsWith("not a GatewayStatusEvent"))
                    .anySatisfy(detail -> assertThat(detail).contains("without gatewayId, connectivity or time"));
        }
        await().atMost(WITHIN).untilAsserted(() -> assertThat(row(gateway)).containsEntry("connectivity", "ONLINE")
                .containsEntry("connectivity_since", Timestamp.from(connected)));
        assertThat(meters.get("urbanops.registry.connectivity.dead.letters").tag("reason", "UNDECODABLE").counter()
                .count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("urbanops.registry.connectivity.dead.letters").tag("reason", "NO_KEY").counter()
                .count()).isGreaterThanOrEqualTo(1);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void device(String id, String kind, String type, String gatewayId) {
        jdbc.update("insert into device (id, kind, device_type_id, gateway_id, lifecycle, department_id, district_id) "
                + "values (?, ?, ?, ?, 'ACTIVE', 'environment', 'north')", id, kind, type, gatewayId);
    }

    private static void status(String gatewayId, Connectivity connectivity, Cause cause, String instance, Instant at) {
        var event = new GatewayStatusEvent(gatewayId, connectivity, cause, null, instance, at);
        producer.send(CloudEventRecords.toRecord(Topics.GATEWAY_STATUS, gatewayId, EventType.GATEWAY_STATUS,
                gatewayId + "/" + instance + "/" + at + "/" + cause, URI.create("urn:urbanops:ingestion:" + instance),
                gatewayId, at, JSON.write(event)));
        producer.flush();
    }

    /** A reading as the connectivity consumer sees it: key and timestamp; the value is deliberately not JSON. */
    private static void readingOf(String deviceId, Instant at) {
        producer.send(new ProducerRecord<>(Topics.TELEMETRY_ENVIRONMENTAL, null, at.toEpochMilli(), deviceId,
                "not decoded".getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> row(String deviceId) {
        var rows = jdbc.queryForList("select last_seen, connectivity, connectivity_since, connectivity_instance "
                + "from device_activity where device_id = ?", deviceId);
        assertThat(rows).as("activity of " + deviceId).hasSize(1);
        return rows.getFirst();
    }

    private static int rows(String deviceId) {
        return jdbc.queryForObject("select count(*) from device_activity where device_id = ?", Integer.class, deviceId);
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

}
