package city.urbanops.rules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.rules.management.RulesApi;
import city.urbanops.rules.management.RulesServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every change to a rule made through the API reaches {@code audit.events} as an {@link AuditEvent}, once. */
class RulesAuditIT extends RulesServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    JdbcTemplate jdbc;

    RulesApi api;
    TopicProbe audit;

    @BeforeEach
    void setUp() {
        api = new RulesApi(baseUrl());
        audit = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.AUDIT_EVENTS);
    }

    @AfterEach
    void tearDown() {
        audit.close();
    }

    @Test
    void creatingSavingEnablingRollingBackAndDisablingARuleAreEachAnAuditEventOfWhoDidIt() {
        String id = newRuleId("audited");
        ok(api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "first version",
                "rule", RulesApi.floodRule("River high", 1.5, List.of("water"), List.of("north")))));
        ok(api.post("/api/v1/rules/" + id + "/enable", "supervisor", Map.of("version", 1, "reason", "reviewed")));
        ok(api.post("/api/v1/rules/" + id + "/versions", "admin", Map.of("reason", "raise to 1.8",
                "rule", RulesApi.floodRule("River high", 1.8, List.of("water"), List.of("north")))));
        ok(api.post("/api/v1/rules/" + id + "/enable", "admin", Map.of("version", 2, "reason", "storm season")));
        ok(api.post("/api/v1/rules/" + id + "/rollback", "supervisor", Map.of("reason", "too many alerts")));
        ok(api.post("/api/v1/rules/" + id + "/disable", "supervisor", Map.of("reason", "river works")));

        var records = audit.awaitMatching(r -> about(r, id), 6, WAIT);
        var events = records.stream().map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(events).extracting(AuditEvent::action).containsExactly("rule.created", "rule.enabled",
                "rule.version-saved", "rule.enabled", "rule.rolled-back", "rule.disabled");
        assertThat(events).extracting(AuditEvent::actor).containsExactly("supervisor", "supervisor", "admin", "admin",
                "supervisor", "supervisor");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo("rules-service");
            assertThat(event.targetType()).isEqualTo("rule");
            assertThat(event.department()).isEqualTo("water");
            assertThat(event.district()).isEqualTo("north");
        });
        assertThat(events.get(2).details()).containsEntry("version", "2").containsEntry("reason", "raise to 1.8");
        assertThat(events.get(4).details()).containsEntry("fromVersion", "2").containsEntry("toVersion", "1")
                .containsEntry("reason", "too many alerts");
        assertThat(events).extracting(AuditEvent::eventId).doesNotHaveDuplicates();
        var first = records.getFirst();
        assertThat(first.key()).isEqualTo("rules-service");
        assertThat(header(first, "ce_type")).isEqualTo("city.urbanops.audit.v1");
        assertThat(header(first, "ce_id")).isEqualTo(events.getFirst().eventId());
        assertThat(header(first, "ce_source")).isEqualTo("urbanops:rules-service");
    }

    @Test
    void aChangeRefusedAsAConflictSendsNothing() {
        String id = newRuleId("refused");
        ok(api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "first version",
                "rule", RulesApi.floodRule("River high", 1.5, null, null))));
        audit.awaitMatching(r -> about(r, id), 1, WAIT);

        assertThat(api.post("/api/v1/rules/" + id + "/disable", "supervisor", Map.of("reason", "not enabled"))
                .statusCode()).isEqualTo(409);
        assertThat(api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "again",
                "rule", RulesApi.floodRule("River high", 1.5, null, null))).statusCode()).isEqualTo(409);

        assertThat(audit.recordsAfter(Duration.ofSeconds(3))).filteredOn(r -> about(r, id)).hasSize(1);
    }

    @Test
    void aCopySentAgainByTheRelayCarriesTheSameEventId() {
        String id = newRuleId("resent");
        ok(api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "first version",
                "rule", RulesApi.floodRule("River high", 1.5, null, null))));
        var sent = TopicProbe.value(audit.awaitMatching(r -> about(r, id), 1, WAIT).getFirst(), AuditEvent.class);

        // What a relay that crashed between Kafka's acknowledgement and marking the row sent leaves behind.
        assertThat(jdbc.update("update audit_outbox set sent_at = null where event_id = ?", sent.eventId()))
                .isEqualTo(1);

        var copies = audit.awaitMatching(r -> about(r, id), 2, WAIT).stream()
                .map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(copies).extracting(AuditEvent::eventId).containsOnly(sent.eventId());
        assertThat(copies.get(1)).isEqualTo(sent);
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private static boolean about(ConsumerRecord<String, byte[]> record, String ruleId) {
        return TopicProbe.value(record, AuditEvent.class).targetId().equals(ruleId);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
