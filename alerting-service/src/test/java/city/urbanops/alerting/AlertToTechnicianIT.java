package city.urbanops.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.notification.WebhookReceiver;
import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertLifecycleEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole way from a condition rules-service raises to the technician on call, with nothing standing in: real
 * Kafka, PostgreSQL and Keycloak, GreenMail as the city's SMTP server and an integrator's webhook receiver in this
 * JVM that checks signatures with its own HMAC code. The routing policy, the on-call schedule and the webhook endpoint
 * are created through the REST API as a supervisor would; the clock is the real one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "urbanops.alerting.notification.poll-interval=100ms",
        "urbanops.alerting.notification.link-secret=e2e-link-secret-not-for-production",
        "urbanops.alerting.notification.public-base-url=https://alerting.city.test"})
class AlertToTechnicianIT {

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final int SMTP_PORT = FreePorts.next();
    private static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));
    private static final WebhookReceiver RECEIVER = new WebhookReceiver(FreePorts.next());

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = TestInfrastructure.postgres().createDatabase("alerting_e2e_"
                + Long.toHexString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.kafka.consumer.group-id", () -> "alerting-e2e-" + UUID.randomUUID());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        SMTP.start();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        RECEIVER.stop();
    }

    @Test
    void raisedConditionReachesTheOnCallTechnicianOnceWhoAcknowledgesFromTheEmailThenTheRuleResolvesIt()
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String district = "e2e-" + suffix;
        String email = "tech-" + suffix + "@city.test";

        // A supervisor sets it up through the API: webhook endpoint, schedule with one person, policy for the district.
        JsonNode endpoint = call("POST", "/api/v1/webhook-endpoints", "supervisor", """
                {"url": "%s", "description": "integrator's receiver"}""".formatted(RECEIVER.url("/hooks/" + suffix)),
                201);
        String secret = endpoint.get("secret").asString();
        call("POST", "/api/v1/schedules", "supervisor", """
                {"id": "water-%s", "name": "Water north", "timeZone": "Europe/Paris",
                 "rotations": [{"name": "primary", "start": "%s", "rrule": "FREQ=WEEKLY",
                   "people": [{"userId": "tech-%s", "displayName": "Tess Technician", "email": "%s"}]}]}
                """.formatted(suffix, LocalDateTime.now(ZoneOffset.UTC).minusDays(2).withNano(0), suffix, email), 201);
        call("POST", "/api/v1/routing-policies", "supervisor", """
                {"id": "water-%s", "name": "Water %s", "priority": 10,
                 "match": {"departments": ["water"], "districts": ["%s"]}, "scheduleId": "water-%s",
                 "webhookEndpointIds": ["%s"], "groupWait": "PT1S"}
                """.formatted(suffix, district, district, suffix, endpoint.get("id").asString()), 201);

        String key = "flood-level|flood-" + suffix;
        Instant raisedAt = Instant.now();
        AlertEvent raised = event(key, AlertEvent.Transition.RAISED, 0, raisedAt, district);
        try (TopicProbe lifecycle = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.ALERTS_LIFECYCLE)) {
            AlertingServiceIT.publish(raised);

            // One email to the person on call, one signed webhook call, both naming the alert.
            await().atMost(AWAIT).until(() -> mailsTo(email).size() == 1
                    && RECEIVER.callsTo("/hooks/" + suffix).size() == 1);
            UUID alertId = jdbc.sql("select id from alert where condition_key = ?").param(key).query(UUID.class)
                    .single();
            MimeMessage mail = mailsTo(email).getFirst();
            assertThat(mail.getSubject()).contains("Underpass flooding").contains(district);
            WebhookReceiver.Call hook = RECEIVER.callsTo("/hooks/" + suffix).getFirst();
            assertThat(WebhookReceiver.verifies(secret, hook)).as("signed with the endpoint's secret").isTrue();
            JsonNode payload = JSON.mapper().readTree(hook.body());
            assertThat(payload.get("type").asString()).isEqualTo("alert.notification");
            assertThat(payload.at("/data/alerts/0/alertId").asString()).isEqualTo(alertId.toString());

            // The same event again (a redelivery): recognised as a copy, nothing more is sent.
            double copies = counter("urbanops.alerting.events.duplicates");
            AlertingServiceIT.publish(raised);
            await().atMost(AWAIT).until(() -> counter("urbanops.alerting.events.duplicates") > copies);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    mailsTo(email).size() == 1 && RECEIVER.callsTo("/hooks/" + suffix).size() == 1);

            // The technician follows the link from the email: confirmation page, then acknowledge, no bearer token.
            String link = ackPath(text(mail));
            assertThat(open("GET", link).statusCode()).isEqualTo(200);
            HttpResponse<String> acknowledged = open("POST", link);
            assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
            JsonNode alert = call("GET", "/api/v1/alerts/" + alertId, "supervisor", null, 200);
            assertThat(alert.get("status").asString()).isEqualTo("ACKNOWLEDGED");
            JsonNode timeline = call("GET", "/api/v1/alerts/" + alertId + "/timeline", "supervisor", null, 200);
            assertThat(timeline.toString()).contains("\"ACKNOWLEDGED\"").contains("link:tech-" + suffix);
            var acks = lifecycle.awaitMatching(r -> TopicProbe.value(r, AlertLifecycleEvent.class).alertId()
                    .equals(alertId.toString()) && TopicProbe.value(r, AlertLifecycleEvent.class).change()
                    == AlertLifecycleEvent.Change.ACKNOWLEDGED, 1, AWAIT);
            assertThat(TopicProbe.value(acks.getFirst(), AlertLifecycleEvent.class).actor())
                    .isEqualTo("link:tech-" + suffix);

            // The rule clears the condition: resolved automatically, and the people told of it hear so.
            AlertingServiceIT.publish(event(key, AlertEvent.Transition.CLEARED, 1, raisedAt, district));
            await().atMost(AWAIT).until(() -> mailsTo(email).size() == 2
                    && RECEIVER.callsTo("/hooks/" + suffix).size() == 2);
            assertThat(call("GET", "/api/v1/alerts/" + alertId, "supervisor", null, 200).get("status").asString())
                    .isEqualTo("RESOLVED");
            assertThat(text(mailsTo(email).get(1))).contains("(resolved)").doesNotContain("Acknowledge:");
            WebhookReceiver.Call resolution = RECEIVER.callsTo("/hooks/" + suffix).get(1);
            assertThat(WebhookReceiver.verifies(secret, resolution)).isTrue();
            assertThat(JSON.mapper().readTree(resolution.body()).at("/data/alerts/0/status").asString())
                    .isEqualTo("RESOLVED");
        }
    }

    private static AlertEvent event(String key, AlertEvent.Transition transition, int revision, Instant raisedAt,
                                    String district) {
        return new AlertEvent(AlertEvent.alertIdOf(key, raisedAt), key, transition, revision,
                AlertEvent.Severity.CRITICAL, AlertEvent.Cause.INCIDENT, "3 level sensors agree within 2 minutes",
                List.of(), "Underpass flooding", "Close the underpass and send a pump crew", "flood-level", 3,
                "flood-1", "gw-1", "harbour-1", "water", district, 53.5511, 9.9937, raisedAt, Instant.now(), null,
                List.of(), 0, null, null);
    }

    private double counter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String text(MimeMessage mail) throws Exception {
        return ((String) mail.getContent()).replace("\r\n", "\n");
    }

    private static String ackPath(String text) {
        Matcher m = Pattern.compile("https://alerting\\.city\\.test(/ack/[A-Za-z0-9_.-]+)").matcher(text);
        assertThat(m.find()).as("an acknowledge link in:\n" + text).isTrue();
        return m.group(1);
    }

    /** A call without a bearer token, as a phone's browser makes it. */
    private HttpResponse<String> open(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(String method, String path, String user, String body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + AlertingServiceIT.token(user))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? null : JSON.mapper().readTree(response.body());
    }
}
