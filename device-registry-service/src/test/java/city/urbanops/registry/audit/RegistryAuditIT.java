package city.urbanops.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What people do to devices, gateways and reference data reaches {@code audit.events} as {@link AuditEvent}s. */
class RegistryAuditIT extends RegistryServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    JdbcClient jdbc;

    RegistryApi api;
    RegistryFixtures fixtures;
    TopicProbe audit;

    @BeforeEach
    void setUp() {
        api = new RegistryApi(baseUrl());
        fixtures = new RegistryFixtures(api).referenceData();
        audit = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.AUDIT_EVENTS);
    }

    @AfterEach
    void tearDown() {
        audit.close();
    }

    @Test
    void provisioningChangingTheLifecycleQuarantiningAndReleasingADeviceAreEachAnAuditEventOfWhoDidIt() {
        String id = fixtures.sensor("environment", "south").get("id").asString();
        fixtures.transition(id, "ACTIVE", "installed on the lamp post");
        ok(api.post("/api/v1/devices/" + id + "/quarantine", "supervisor",
                Map.of("reason", "PM2.5 stuck at 999", "proposalId", "triage-42")));
        ok(api.post("/api/v1/devices/" + id + "/quarantine/release", "supervisor", Map.of("reason", "recalibrated")));

        var records = audit.awaitMatching(r -> about(r, id), 4, WAIT);
        var events = records.stream().map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(events).extracting(AuditEvent::action).containsExactly("device.provisioned",
                "device.lifecycle-changed", "device.quarantined", "device.released");
        assertThat(events).extracting(AuditEvent::actor).containsExactly("admin", "admin", "supervisor", "supervisor");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo("device-registry-service");
            assertThat(event.targetType()).isEqualTo("device");
            assertThat(event.department()).isEqualTo("environment");
            assertThat(event.district()).isEqualTo("south");
        });
        assertThat(events.get(1).details()).containsEntry("from", "PROVISIONED").containsEntry("to", "ACTIVE")
                .containsEntry("reason", "installed on the lamp post");
        assertThat(events.get(2).details()).containsEntry("reason", "PM2.5 stuck at 999")
                .containsEntry("proposalId", "triage-42");
        var first = records.getFirst();
        assertThat(first.key()).isEqualTo("device-registry-service");
        assertThat(header(first, "ce_type")).isEqualTo("city.urbanops.audit.v1");
        assertThat(header(first, "ce_id")).isEqualTo(events.getFirst().eventId());
        assertThat(header(first, "ce_source")).as("the relaying registry instance")
                .startsWith("urn:urbanops:device-registry:");
    }

    @Test
    void issuingAGatewaySecretIsAuditedByCredentialIdNeverTheSecret() {
        String gateway = fixtures.gateway("water", "north");
        var issued = api.post("/api/v1/gateways/" + gateway + "/secrets", "admin", Map.of());
        ok(issued);
        String secret = RegistryApi.json(issued).get("secret").asString();
        String credentialId = RegistryApi.json(issued).get("credentialId").asString();

        var records = audit.awaitMatching(r -> about(r, gateway), 2, WAIT);
        var events = records.stream().map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(events).extracting(AuditEvent::action).containsExactly("gateway.provisioned",
                "gateway.secret-issued");
        assertThat(events.get(1).details().get("reason")).contains(credentialId);
        assertThat(events.get(1).department()).isEqualTo("water");
        assertThat(records).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .doesNotContain(secret));
    }

    @Test
    void creatingAndRenamingADepartmentAreAuditedWithTheAdminWhoDidIt() {
        String department = newId("dept");
        ok(api.post("/api/v1/departments", "admin", Map.of("id", department, "name", "Parks")));
        ok(api.send("PUT", "/api/v1/departments/" + department, "admin", Map.of("name", "Parks and Gardens"),
                Map.of()));

        var events = audit.awaitMatching(r -> about(r, department), 2, WAIT).stream()
                .map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(events).extracting(AuditEvent::action).containsExactly("department.created",
                "department.changed");
        assertThat(events).extracting(AuditEvent::actor).containsOnly("admin");
        assertThat(events).extracting(AuditEvent::department).containsOnly(department);
        assertThat(events.get(1).details()).containsEntry("name", "Parks and Gardens");
    }

    @Test
    void aLifecycleChangeRefusedAsAConflictSendsNothing() {
        String id = fixtures.sensor("water", "north").get("id").asString();
        audit.awaitMatching(r -> about(r, id), 1, WAIT);

        assertThat(api.post("/api/v1/devices/" + id + "/lifecycle", "admin",
                Map.of("to", "SUSPENDED", "reason", "not yet active")).statusCode()).isEqualTo(409);
        assertThat(api.post("/api/v1/devices/" + id + "/quarantine", "supervisor", Map.of("reason", "not active"))
                .statusCode()).isEqualTo(409);

        assertThat(audit.recordsAfter(Duration.ofSeconds(3))).filteredOn(r -> about(r, id)).hasSize(1);
    }

    @Test
    void aCopySentAgainByTheRelayCarriesTheSameEventId() {
        String gateway = fixtures.gateway("transport", "north");
        var sent = TopicProbe.value(audit.awaitMatching(r -> about(r, gateway), 1, WAIT).getFirst(), AuditEvent.class);

        // What a relay leaves behind when it cannot tell that its send reached Kafka: the row goes again.
        assertThat(jdbc.sql("update outbox set published_at = null, claimed_at = null where topic = ? and event_id = ?")
                .params(Topics.AUDIT_EVENTS, sent.eventId()).update()).isEqualTo(1);

        var copies = audit.awaitMatching(r -> about(r, gateway), 2, WAIT).stream()
                .map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(copies).extracting(AuditEvent::eventId).containsOnly(sent.eventId());
        assertThat(copies.get(1)).isEqualTo(sent);
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private static boolean about(ConsumerRecord<String, byte[]> record, String targetId) {
        return TopicProbe.value(record, AuditEvent.class).targetId().equals(targetId);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
