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
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Other services' audit events arrive on {@code audit.events}: each is chained into the log once; what can never be
 * appended goes to {@code operator.dead-letter} with its reason, counted, and the consumer goes on.
 */
class AuditEventConsumerIT extends OperatorApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventJson JSON = new EventJson();
    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    @Test
    void anEventFromAnotherServiceIsChainedIntoTheLogAndCounted() {
        String id = unique("consumed");
        double before = appended("it-service");

        publish(event(id + ":1", id));

        await().atMost(WAIT).until(() -> entries(id) == 1);
        var stored = jdbc.sql("select actor, action, department, details->>'reason' from audit_entry where target_id = ?")
                .param(id).query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                        + rs.getString(4)).single();
        assertThat(stored).isEqualTo("supervisor|rule.enabled|water|storm season");
        await().atMost(WAIT).until(() -> appended("it-service") >= before + 1);
    }

    @Test
    void aCopyOfAnEventIsChainedOnce() {
        String id = unique("copied");
        AuditEvent event = event(id + ":1", id);
        String marker = unique("marker");

        publish(event);
        publish(event);
        publish(event(marker + ":1", id));

        await().atMost(WAIT).until(() -> entries(id) == 2);
        assertThat(jdbc.sql("select count(*) from audit_entry where event_id = ?").param(id + ":1")
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void anEventMissingARequiredFieldIsDeadLetteredAsInvalidAndTheNextOneIsAppended() {
        String id = unique("invalid");
        ObjectNode broken = JSON.mapper().valueToTree(event(id + ":1", id));
        broken.remove("actor");
        byte[] value = JSON.write(broken);
        double before = deadLetters("INVALID");

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.OPERATOR_DEAD_LETTER)) {
            send(new ProducerRecord<>(Topics.AUDIT_EVENTS, id, value));
            publish(event(id + ":2", id));

            ConsumerRecord<String, byte[]> dead = probe.awaitMatching(r -> id.equals(r.key()), 1, WAIT).getFirst();
            assertThat(dead.value()).isEqualTo(value);
            assertThat(header(dead, AuditDeadLetters.REASON_HEADER)).isEqualTo("INVALID");
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("actor");
            assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.AUDIT_EVENTS);
            await().atMost(WAIT).until(() -> deadLetters("INVALID") == before + 1);
            await().atMost(WAIT).until(() -> entries(id) == 1);
        }
    }

    @Test
    void aValueThatIsNotJsonIsDeadLetteredAsUnreadable() {
        String id = unique("garbage");
        byte[] value = "{\"eventId\": ".getBytes(StandardCharsets.UTF_8);

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.OPERATOR_DEAD_LETTER)) {
            send(new ProducerRecord<>(Topics.AUDIT_EVENTS, id, value));

            var dead = probe.awaitMatching(r -> id.equals(r.key()), 1, WAIT).getFirst();
            assertThat(header(dead, AuditDeadLetters.REASON_HEADER)).isEqualTo("UNREADABLE");
            assertThat(dead.value()).isEqualTo(value);
        }
    }

    @Test
    void anEventTheDatabaseCannotStoreIsDeadLetteredInsteadOfStallingThePartition() {
        String id = unique("nul");
        // JSON may carry U+0000; PostgreSQL text cannot hold it: refused for what it holds, every time.
        var event = new AuditEvent(id + ":1", "it-service", Instant.now(), "super\u0000visor", "rule.enabled", "rule",
                id, "water", "north", Map.of());
        double before = deadLetters("REFUSED_BY_DATABASE");

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.OPERATOR_DEAD_LETTER)) {
            publish(event);
            publish(event(id + ":2", id));

            var dead = probe.awaitMatching(r -> "it-service".equals(r.key())
                    && new String(r.value(), StandardCharsets.UTF_8).contains(id + ":1"), 1, WAIT).getFirst();
            assertThat(header(dead, AuditDeadLetters.REASON_HEADER)).isEqualTo("REFUSED_BY_DATABASE");
            await().atMost(WAIT).until(() -> deadLetters("REFUSED_BY_DATABASE") == before + 1);
            await().atMost(WAIT).until(() -> entries(id) == 1);
        }
    }

    @Test
    void anEventClaimingToComeFromTheLogItselfIsDeadLetteredSoItCannotPreemptTheRealEntry() {
        String id = unique("forged");
        var genuine = event(id + ":1", id);
        var forged = new AuditEvent("command:" + id + ":approved", "operator-api", genuine.at(), "mallory",
                "command.approved", "command", id, null, null, java.util.Map.of());
        double before = deadLetters("INVALID");

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.OPERATOR_DEAD_LETTER)) {
            publish(forged);
            publish(genuine);

            ConsumerRecord<String, byte[]> dead = probe.awaitMatching(r -> String.valueOf(header(r, "kafka_dlt-exception-message"))
                    .contains("written by the audit log itself"), 1, WAIT).getFirst();
            assertThat(header(dead, AuditDeadLetters.REASON_HEADER)).isEqualTo("INVALID");
            await().atMost(WAIT).until(() -> deadLetters("INVALID") >= before + 1);
            await().atMost(WAIT).until(() -> entries(id) == 1);
            assertThat(jdbc.sql("select count(*) from audit_entry where source = 'operator-api' and target_id = ?")
                    .param(id).query(Long.class).single()).isZero();
        }
    }

    private long entries(String targetId) {
        return jdbc.sql("select count(*) from audit_entry where target_id = ?").param(targetId)
                .query(Long.class).single();
    }

    private double appended(String source) {
        var counter = meters.find("urbanops.operator.audit.appended").tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }

    private double deadLetters(String reason) {
        return meters.get("urbanops.operator.audit.dead.letters").tag("reason", reason).counter().count();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Publishes {@code event} as a service does: keyed by its source, CloudEvents headers, JSON value. */
    private static void publish(AuditEvent event) {
        send(CloudEventRecords.toRecord(Topics.AUDIT_EVENTS, event.source(), EventType.AUDIT, event.eventId(),
                URI.create("urbanops:" + event.source()), event.targetType() + "/" + event.targetId(), event.at(),
                JSON.write(event)));
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
