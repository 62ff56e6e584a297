package city.urbanops.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.registry.support.RegistryServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Changes appended through {@link Outbox} reach Kafka after their commit, in order, as CloudEvents. */
class OutboxRelayIT extends RegistryServiceIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OutboxRelayProperties relay;

    @Test
    void committedChangesReachTheirTopicsInOrderAsCloudEventsWithTombstonesForDeletions() {
        String sensor = newId("aq");
        String gateway = newId("gw");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.REGISTRY_DEVICES,
                Topics.REGISTRY_GATEWAY_CREDENTIALS)) {
            transactions.executeWithoutResult(tx -> {
                outbox.device(gatewayRecord(gateway, 1, t));
                outbox.gatewayCredentials(credentials(gateway, 1, t));
            });
            for (int version = 1; version <= 3; version++) {
                int v = version;
                transactions.executeWithoutResult(tx -> outbox.device(sensorRecord(sensor, gateway, v, t.plusSeconds(v))));
            }
            transactions.executeWithoutResult(tx -> outbox.deviceDeleted(sensor, 4, t.plusSeconds(4), false));
            transactions.executeWithoutResult(tx -> outbox.deviceDeleted(gateway, 2, t.plusSeconds(5), true));

            var sensorRecords = probe.awaitMatching(r -> r.key().equals(sensor), 4, WITHIN);
            assertThat(sensorRecords).extracting(r -> header(r, "ce_id"))
                    .containsExactly(sensor + "/1", sensor + "/2", sensor + "/3", sensor + "/4");
            var first = sensorRecords.getFirst();
            assertThat(first.topic()).isEqualTo(Topics.REGISTRY_DEVICES);
            assertThat(header(first, "ce_type")).isEqualTo(EventType.DEVICE.ceType());
            assertThat(header(first, "ce_source")).isEqualTo(relay.source().toString())
                    .startsWith("urn:urbanops:device-registry:");
            assertThat(header(first, "ce_subject")).isEqualTo(sensor);
            // Compared as instants: RFC 3339 lets a writer drop trailing zeros of the fraction (.160Z as .16Z).
            assertThat(java.time.OffsetDateTime.parse(header(first, "ce_time")).toInstant())
                    .isEqualTo(t.plusSeconds(1));
            assertThat(header(first, "ce_dataschema")).isEqualTo(EventType.DEVICE.dataSchema().toString());
            assertThat(header(first, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(first, "content-type")).isEqualTo("application/json");
            assertThat(OutboxRecords.seqOf(first)).isPresent();
            assertThat(TopicProbe.value(sensorRecords.get(2), DeviceRecord.class).version()).isEqualTo(3);
            var deletion = sensorRecords.get(3);
            assertThat(deletion.value()).as("a deletion is a tombstone").isNull();
            assertThat(header(deletion, "ce_type")).isEqualTo(EventType.DEVICE.ceType());
            assertThat(deletion.headers().lastHeader("content-type")).isNull();
            assertThat(sensorRecords).extracting(r -> OutboxRecords.seqOf(r).orElseThrow()).isSorted();

            var gatewayRecords = probe.awaitMatching(r -> r.key().equals(gateway), 4, WITHIN);
            assertThat(gatewayRecords.stream().filter(r -> r.topic().equals(Topics.REGISTRY_GATEWAY_CREDENTIALS)))
                    .extracting(r -> header(r, "ce_id"), r -> r.value() == null)
                    .containsExactly(tuple(gateway + "/1", false),
                            tuple(gateway + "/2", true));
            assertThat(TopicProbe.value(gatewayRecords.stream()
                    .filter(r -> r.topic().equals(Topics.REGISTRY_GATEWAY_CREDENTIALS)).findFirst().orElseThrow(),
                    GatewayCredentials.class).secrets()).extracting(GatewayCredentials.Secret::sha256)
                    .containsExactly("a".repeat(64));
            assertThat(probe.recordsAfter(Duration.ofSeconds(1))).filteredOn(r -> r.key().equals(sensor)).hasSize(4);
        }
        await().atMost(WITHIN).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from outbox where record_key in (?, ?) and published_at is null", Long.class,
                sensor, gateway)).isZero());
    }

    @Test
    void aChangeThatRolledBackIsNeverPublished() {
        String kept = newId("aq");
        String rolledBack = newId("aq");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.REGISTRY_DEVICES)) {
            transactions.executeWithoutResult(tx -> {
                outbox.device(sensorRecord(rolledBack, "gw-x", 1, t));
                tx.setRollbackOnly();
            });
            transactions.executeWithoutResult(tx -> outbox.device(sensorRecord(kept, "gw-x", 1, t)));

            probe.awaitMatching(r -> r.key().equals(kept), 1, WITHIN);
            assertThat(probe.recordsAfter(Duration.ofSeconds(2))).noneMatch(r -> r.key().equals(rolledBack));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static DeviceRecord sensorRecord(String id, String gateway, long version, Instant at) {
        return new DeviceRecord(id, null, DeviceKind.SENSOR, "air-quality", gateway, DeviceLifecycle.ACTIVE, null,
                "environment", "north", null, 52.09, 5.12, List.of("pm2_5", "no2"), version, at);
    }

    static DeviceRecord gatewayRecord(String id, long version, Instant at) {
        return new DeviceRecord(id, null, DeviceKind.GATEWAY, "edge-gateway", null, DeviceLifecycle.ACTIVE, null,
                "environment", "north", null, null, null, List.of(), version, at);
    }

    static GatewayCredentials credentials(String gateway, long version, Instant at) {
        return new GatewayCredentials(gateway, DeviceLifecycle.ACTIVE,
                List.of(new GatewayCredentials.Secret("cred-1", "a".repeat(64), at, null)), List.of(), version, at);
    }
}
