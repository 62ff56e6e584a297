package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import city.urbanops.testkit.process.ServiceProcess;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * alerting-service as a process of its own ({@code java -jar} of its executable jar), killed with SIGKILL after an
 * alert change and its notification outbox entry committed but before anything was sent (the route's group wait
 * holds the message back), then started again: the email and the webhook call go out exactly once.
 */
class NotificationCrashIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration AWAIT = Duration.ofMinutes(1);
    /** Long enough that the kill always lands inside it (the kill follows the commit within a second). */
    private static final Duration GROUP_WAIT = Duration.ofSeconds(20);
    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private ServiceProcess alerting;
    private GreenMail smtp;
    private WebhookReceiver receiver;

    @AfterEach
    void cleanUp() {
        if (alerting != null) {
            alerting.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void notificationStoredBeforeAKillIsSentExactlyOnceAfterTheRestart() throws Exception {
        int smtpPort = FreePorts.next();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        receiver = new WebhookReceiver(FreePorts.next());
        PostgresDatabase database = TestInfrastructure.postgres().createDatabase("alerting_crash_" + suffix);
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        alerting = ServiceProcess.of("alerting-service", execJar(), FreePorts.next(), Map.ofEntries(
                Map.entry("spring.datasource.url", database.jdbcUrl()),
                Map.entry("spring.datasource.username", database.username()),
                Map.entry("spring.datasource.password", database.password()),
                Map.entry("spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers()),
                Map.entry("spring.kafka.consumer.group-id", "alerting-crash-" + suffix),
                Map.entry("spring.security.oauth2.resourceserver.jwt.issuer-uri", KeycloakServer.shared().issuerUri()),
                Map.entry("spring.mail.host", "127.0.0.1"),
                Map.entry("spring.mail.port", Integer.toString(smtpPort)),
                // Links must keep working across the restart, as in every deployment.
                Map.entry("urbanops.alerting.notification.link-secret", "crash-test-link-secret"),
                Map.entry("urbanops.alerting.notification.poll-interval", "200ms"),
                // The same key across the restart, so the stored webhook secret still signs; the receiver is local.
                Map.entry("urbanops.alerting.webhooks.encryption-keys", "crash:" + java.util.Base64.getEncoder()
                        .encodeToString(UUID.randomUUID().toString().replace("-", "").getBytes())),
                Map.entry("urbanops.alerting.webhooks.allow-private-addresses", "true")));
        try {
            alerting.start(START);
            String email = "crash-" + suffix + "@city.test";
            String hookPath = "/hooks/crash-" + suffix;
            String district = "crash-" + suffix;
            setUpRoute(district, email, receiver.url(hookPath));

            String key = "flood-level|crash-" + suffix;
            Instant raisedAt = Instant.now();
            AlertingServiceIT.publish(new AlertEvent(AlertEvent.alertIdOf(key, raisedAt), key,
                    AlertEvent.Transition.RAISED, 0, AlertEvent.Severity.CRITICAL, AlertEvent.Cause.INCIDENT,
                    "3 level sensors agree", List.of(), "Underpass flooding", "Close the underpass", "flood-level", 3,
                    "flood-1", "gw-1", "harbour-1", "water", district, 53.55, 9.99, raisedAt, raisedAt, null,
                    List.of(), 0, null, null));
            UUID alertId = await().atMost(AWAIT).until(() -> jdbc.sql("""
                    select a.id from alert a join notification_item i on i.alert_id = a.id
                    where a.condition_key = ?""").param(key).query(UUID.class).optional().orElse(null),
                    id -> id != null);

            alerting.kill();

            assertThat(jdbc.sql("select count(*) from notification_item where alert_id = ? and revision is null")
                    .param(alertId).query(Long.class).single()).as("the outbox entry, not yet composed").isEqualTo(1);
            assertThat(deliveries(jdbc, alertId, "SENT")).as("nothing sent before the kill").isZero();
            assertThat(receiver.callsTo(hookPath)).isEmpty();
            assertThat(mailsTo(email)).isEmpty();

            alerting.start(START);

            await().atMost(AWAIT).until(() -> deliveries(jdbc, alertId, "SENT") == 2);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> mailsTo(email).size() == 1 && receiver.callsTo(hookPath).size() == 1);
            WebhookReceiver.Call call = receiver.callsTo(hookPath).getFirst();
            assertThat(JSON.mapper().readTree(call.body()).at("/data/alerts/0/alertId").asString())
                    .isEqualTo(alertId.toString());
            assertThat(mailsTo(email).getFirst().getSubject()).contains("Underpass flooding");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- alerting-service log tail ---\n" + alerting.logTail(), e);
        }
    }

    /** Webhook endpoint, one-person schedule and a policy for the district, through the API as a supervisor. */
    private void setUpRoute(String district, String email, String hookUrl) {
        String endpointId = call("POST", "/api/v1/webhook-endpoints", """
                {"url": "%s", "description": "crash test receiver"}""".formatted(hookUrl)).get("id").asString();
        call("POST", "/api/v1/schedules", """
                {"id": "crash-%s", "name": "Crash", "timeZone": "UTC",
                 "rotations": [{"name": "primary", "start": "%s", "rrule": "FREQ=WEEKLY",
                   "people": [{"userId": "crash-%s", "displayName": "Crash Tester", "email": "%s"}]}]}
                """.formatted(suffix, LocalDateTime.now(ZoneOffset.UTC).minusDays(2).withNano(0), suffix, email));
        call("POST", "/api/v1/routing-policies", """
                {"id": "crash-%s", "name": "Crash %s", "priority": 10, "match": {"districts": ["%s"]},
                 "scheduleId": "crash-%s", "webhookEndpointIds": ["%s"], "groupWait": "%s"}
                """.formatted(suffix, district, district, suffix, endpointId, GROUP_WAIT));
    }

    private JsonNode call(String method, String path, String body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(alerting.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + AlertingServiceIT.token("supervisor"))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(201);
            return JSON.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long deliveries(JdbcClient jdbc, UUID alertId, String state) {
        return jdbc.sql("""
                select count(*) from notification_delivery d join notification_delivery_alert a on a.delivery_id = d.id
                where a.alert_id = ? and d.state = ?""").params(alertId, state).query(Long.class).single();
    }

    private List<jakarta.mail.internet.MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static Path execJar() {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("alerting-service-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("run `./mvnw package` first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
