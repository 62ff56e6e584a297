package city.urbanops.alerting.alert;

import static city.urbanops.alerting.alert.AlertEvents.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * What cannot be applied goes to {@code alerting.dead-letter} as it came, with its reason, counted; the consumer
 * goes on with the next record.
 */
class AlertDeadLetterIT extends AlertingServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventJson JSON = new EventJson();

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEventWithARequiredFieldMissingIsDeadLetteredWithItsReasonAndTheNextOneIsApplied() {
        String key = newConditionKey("missing");
        ObjectNode event = JSON.mapper().valueToTree(raised(key, "flood", "water", "north", Instant.now()));
        event.remove("department");
        byte[] value = JSON.write(event);
        double before = deadLetters("INVALID");

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTING_DEAD_LETTER)) {
            publishRaw(key, value);
            var good = raised(key, "flood", "water", "north", Instant.now());
            publish(good);

            ConsumerRecord<String, byte[]> dead = probe.awaitMatching(r -> key.equals(r.key()), 1, WAIT).getFirst();
            assertThat(dead.value()).isEqualTo(value);
            assertThat(header(dead, "urbanops_dlt-reason")).isEqualTo("INVALID");
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("department");
            assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.ALERTS);
            // Counted once Kafka acknowledged the dead letter, which may be just after the probe saw it.
            await().atMost(WAIT).until(() -> deadLetters("INVALID") == before + 1);
            await().atMost(WAIT).until(() -> alerts(key) == 1);
        }
    }

    @Test
    void aValueThatIsNotJsonIsDeadLetteredAsUnreadable() {
        String key = newConditionKey("garbage");
        byte[] value = "{\"alertId\": ".getBytes(StandardCharsets.UTF_8);

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTING_DEAD_LETTER)) {
            publishRaw(key, value);

            var dead = probe.awaitMatching(r -> key.equals(r.key()), 1, WAIT).getFirst();
            assertThat(header(dead, "urbanops_dlt-reason")).isEqualTo("UNREADABLE");
            assertThat(dead.value()).isEqualTo(value);
        }
    }

    @Test
    void anEventTheDatabaseCannotStoreIsDeadLetteredInsteadOfStallingThePartition() {
        String key = newConditionKey("nul");
        // JSON may carry U+0000; PostgreSQL text cannot hold it: refused for what it holds, every time.
        var event = AlertEvents.withTitle(raised(key, "flood", "water", "north", Instant.now()), "High\u0000water");

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTING_DEAD_LETTER)) {
            publish(event);
            var next = raised(key, "flood", "water", "north", Instant.now().plusSeconds(1));
            publish(next);

            var dead = probe.awaitMatching(r -> key.equals(r.key()), 1, WAIT).getFirst();
            assertThat(header(dead, "urbanops_dlt-reason")).isEqualTo("REFUSED_BY_DATABASE");
            await().atMost(WAIT).until(() -> alerts(key) == 1);
        }
    }

    @Test
    void whileTheDatabaseFailsTheRecordIsRetriedNeitherSkippedNorDeadLetteredAndAppliedOnceItRecovers() {
        String key = newConditionKey("db-away");
        var event = raised(key, "flood", "water", "north", Instant.now());
        double retriesBefore = meters.counter("urbanops.alerting.events.retries").count();
        // A table that is not there fails every write the way a database that is away does: not for the record.
        jdbc.sql("alter table alert_processed_event rename to alert_processed_event_away").update();
        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.ALERTING_DEAD_LETTER)) {
            try {
                publish(event);

                await().atMost(WAIT).until(() -> meters.counter("urbanops.alerting.events.retries").count()
                        >= retriesBefore + 2);
                assertThat(alerts(key)).isZero();
            } finally {
                jdbc.sql("alter table alert_processed_event_away rename to alert_processed_event").update();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> alerts(key) == 1);
            assertThat(probe.recordsAfter(Duration.ofMillis(500))).noneMatch(r -> key.equals(r.key()));
        }
    }

    private long alerts(String key) {
        return jdbc.sql("select count(*) from alert where condition_key = ?").param(key).query(Long.class).single();
    }

    private double deadLetters(String reason) {
        return meters.counter("urbanops.alerting.events.dead.letters", "reason", reason).count();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as(name + " among " + Arrays.toString(record.headers().toArray())).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
