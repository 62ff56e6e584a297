package city.urbanops.alerting.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.alerting.alert.AlertEvents;
import city.urbanops.events.Topics;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What people do through alerting's API reaches {@code audit.events} as {@link AuditEvent}s, once per action. */
class AlertingAuditIT extends AlertingServiceIT {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    TopicProbe audit;

    @BeforeEach
    void listen() {
        audit = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.AUDIT_EVENTS);
    }

    @AfterEach
    void close() {
        audit.close();
    }

    @Test
    void acknowledgingAssigningCommentingAndResolvingAnAlertAreEachAnAuditEventOfTheirActor() {
        UUID id = alert("water", "north");

        assertThat(post("/api/v1/alerts/" + id + "/acknowledge", "technician", Map.of("note", "on my way")))
                .isEqualTo(200);
        assertThat(post("/api/v1/alerts/" + id + "/assign", "supervisor", Map.of("team", "pump crew north")))
                .isEqualTo(200);
        assertThat(post("/api/v1/alerts/" + id + "/comments", "technician", Map.of("text", "valve stuck")))
                .isEqualTo(201);
        assertThat(post("/api/v1/alerts/" + id + "/resolve", "supervisor", Map.of("note", "fixed"))).isEqualTo(200);

        var records = audit.awaitMatching(r -> about(r, id.toString()), 4, Duration.ofSeconds(30));
        var events = records.stream().map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(events).extracting(AuditEvent::action).containsExactly("alert.acknowledged", "alert.assigned",
                "alert.commented", "alert.resolved");
        assertThat(events).extracting(AuditEvent::actor).containsExactly("technician", "supervisor", "technician",
                "supervisor");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo("alerting-service");
            assertThat(event.targetType()).isEqualTo("alert");
            assertThat(event.department()).isEqualTo("water");
            assertThat(event.district()).isEqualTo("north");
        });
        assertThat(events.get(1).details()).containsEntry("assignee", "pump crew north");
        assertThat(events.get(2).details()).containsEntry("excerpt", "valve stuck");
        ConsumerRecord<String, byte[]> first = records.getFirst();
        assertThat(first.key()).isEqualTo("alerting-service");
        assertThat(header(first, "ce_type")).isEqualTo("city.urbanops.audit.v1");
        assertThat(header(first, "ce_id")).isEqualTo(events.getFirst().eventId());
        assertThat(header(first, "ce_source")).isEqualTo("urbanops:alerting-service");
        assertThat(audit.recordsAfter(Duration.ofSeconds(1))).filteredOn(r -> about(r, id.toString()))
                .as("opening the alert is the rules' doing, not a person's action").hasSize(4);
    }

    @Test
    void anAcknowledgementRefusedAsAConflictSendsNothing() {
        UUID id = alert("water", "north");
        assertThat(post("/api/v1/alerts/" + id + "/acknowledge", "technician", null)).isEqualTo(200);
        audit.awaitMatching(r -> about(r, id.toString()), 1, Duration.ofSeconds(30));

        assertThat(post("/api/v1/alerts/" + id + "/acknowledge", "supervisor", null)).isEqualTo(409);

        assertThat(audit.recordsAfter(Duration.ofSeconds(3))).filteredOn(r -> about(r, id.toString())).hasSize(1);
    }

    @Test
    void aCopySentAgainByTheRelayCarriesTheSameEventId() {
        UUID id = alert("transport", "south");
        assertThat(post("/api/v1/alerts/" + id + "/acknowledge", "supervisor", null)).isEqualTo(200);
        var sent = TopicProbe.value(audit.awaitMatching(r -> about(r, id.toString()), 1, Duration.ofSeconds(30))
                .getFirst(), AuditEvent.class);

        // What a relay that crashed between Kafka's acknowledgement and marking the row sent leaves behind.
        assertThat(jdbc.sql("update audit_outbox set sent_at = null where event_id = ?").param(sent.eventId())
                .update()).isEqualTo(1);

        var copies = audit.awaitMatching(r -> about(r, id.toString()), 2, Duration.ofSeconds(30)).stream()
                .map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(copies).extracting(AuditEvent::eventId).containsOnly(sent.eventId());
        assertThat(copies.get(1)).isEqualTo(sent);
    }

    @Test
    void creatingAWebhookEndpointAndRotatingItsSecretAreAuditedWithoutTheSecret() {
        var created = send("POST", "/api/v1/webhook-endpoints", "supervisor",
                Map.of("url", "https://hooks.example.org/in/abc123?token=t0p", "description", "pager"));
        assertThat(created.statusCode()).isEqualTo(201);
        String endpoint = JSON.mapper().readTree(created.body()).get("id").asString();
        var rotated = send("POST", "/api/v1/webhook-endpoints/" + endpoint + "/secrets", "admin", null);
        assertThat(rotated.statusCode()).isEqualTo(201);
        String secret = JSON.mapper().readTree(rotated.body()).get("secret").asString();

        var records = audit.awaitMatching(r -> about(r, endpoint), 2, Duration.ofSeconds(30));
        var events = records.stream().map(r -> TopicProbe.value(r, AuditEvent.class)).toList();
        assertThat(events).extracting(AuditEvent::action)
                .containsExactly("webhook-endpoint.created", "webhook-endpoint.secret-rotated");
        assertThat(events).extracting(AuditEvent::actor).containsExactly("supervisor", "admin");
        assertThat(events.getFirst().details()).containsEntry("host", "hooks.example.org");
        assertThat(records).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .doesNotContain(secret).doesNotContain("t0p"));
    }

    private UUID alert(String department, String district) {
        String key = newConditionKey("audit");
        var event = AlertEvents.raised(key, "flood", department, district, Instant.now());
        publish(event);
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select id from alert where condition_key = ?").param(key).query(UUID.class).optional(),
                Optional::isPresent).orElseThrow();
    }

    private static boolean about(ConsumerRecord<String, byte[]> record, String targetId) {
        return TopicProbe.value(record, AuditEvent.class).targetId().equals(targetId);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private int post(String path, String user, Object body) {
        return send("POST", path, user, body).statusCode();
    }

    private HttpResponse<String> send(String method, String path, String user, Object body) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(user))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
