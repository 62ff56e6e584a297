package city.urbanops.alerting.notification;

import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.alerting.MutableClock;
import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.maintenance.MaintenanceWindowRepository;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.alerting.routing.Route;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import city.urbanops.events.alert.AlertEvent;
import com.icegreen.greenmail.util.GreenMail;
import city.urbanops.events.alert.AlertEvent;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Notification on real infrastructure: its own PostgreSQL database, the test kit's Kafka, a real Keycloak, GreenMail
 * as the SMTP server and an HTTP webhook receiver, both in this JVM. Alerts are the real store's: a test publishes
 * {@link AlertEvent}s on {@code alerts} as rules-service does ({@link #open}, {@link #raise}, {@link #clear}) and the
 * real consumer and lifecycle store them and tell notification. Maintenance windows and escalation are real too; the
 * clock and each test district's route are the test's ({@link NotificationTestDoubles}). Every IT extending this
 * shares one application context; each test uses a district, addresses and webhook paths of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "urbanops.alerting.notification.poll-interval=100ms",
        "urbanops.alerting.notification.max-attempts=4",
        "urbanops.alerting.notification.retry-base=1m",
        "urbanops.alerting.notification.retry-max=3m",
        "urbanops.alerting.notification.max-alerts-listed=10",
        "urbanops.alerting.notification.rotation-overlap=1h",
        "urbanops.alerting.notification.link-secret=test-link-secret-not-for-production",
        "urbanops.alerting.notification.public-base-url=https://alerting.city.test",
        "urbanops.alerting.console-url=https://console.city.test",
        "urbanops.alerting.notification.webhook-timeout=3s",
        "urbanops.alerting.notification.prune-batch-size=2"})
@Import(NotificationTestDoubles.class)
abstract class NotificationIT {

    static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    static final Duration AWAIT = Duration.ofSeconds(20);

    private static PostgresDatabase database;
    private static GreenMail smtp;
    private static WebhookReceiver receiver;
    private static final int SMTP_PORT = FreePorts.next();

    @LocalServerPort
    protected int port;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected NotificationTestDoubles.FixedRoutes routes;
    @Autowired
    protected MaintenanceWindowRepository windows;
    @Autowired
    protected AlertActions alerts;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected WebhookEndpointRepository endpoints;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresDatabase db = database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        registry.add("spring.kafka.consumer.group-id", () -> "alerting-notify-it-" + UUID.randomUUID());
        smtp();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        receiver();
    }

    static synchronized PostgresDatabase database() {
        if (database == null) {
            database = TestInfrastructure.postgres().createDatabase("alerting_notify_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        }
        return database;
    }

    static synchronized GreenMail smtp() {
        if (smtp == null) {
            startSmtp();
        }
        return smtp;
    }

    /** (Re)starts the SMTP server on the port the service was configured with. */
    static synchronized void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    static synchronized WebhookReceiver receiver() {
        if (receiver == null) {
            receiver = new WebhookReceiver(FreePorts.next());
        }
        return receiver;
    }

    /** A district (and so a route group key) no other test uses. */
    static String newDistrict(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Recipient technician(String name) {
        return new Recipient(name, "Technician " + name, name + "@city.test");
    }

    Route route(String district, List<Recipient> recipients, List<String> webhookEndpointIds) {
        Route route = new Route("policy-" + district, "Water " + district, false, "policy-" + district + "/" + district,
                recipients, webhookEndpointIds, GROUP_WAIT, List.of());
        routes.put(district, route);
        return route;
    }

    /** A webhook endpoint pointing at the receiver under {@code /hooks/<id>}; answers id and secret. */
    record Endpoint(UUID id, String path, String secret) { }

    Endpoint endpoint() {
        UUID id = UUID.randomUUID();
        String path = "/hooks/" + id;
        String secret = WebhookSigner.newSecret();
        endpoints.create(id, receiver().url(path), "test receiver", "test", secret, clock.instant());
        return new Endpoint(id, path, secret);
    }

    static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp().getReceivedMessages()).filter(m -> {
            try {
                Address[] to = m.getAllRecipients();
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The text of an email as the reader sees it (SMTP carries CRLF line ends). */
    static String text(MimeMessage mail) {
        try {
            return ((String) mail.getContent()).replace("\r\n", "\n");
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> deliveryStates(UUID alertId) {
        return jdbc.sql("""
                select d.state from notification_delivery d join notification_delivery_alert a on a.delivery_id = d.id
                where a.alert_id = ? order by d.id""").param(alertId).query(String.class).list();
    }

    void awaitAllSent(UUID alertId, int deliveries) {
        await().atMost(AWAIT).until(() -> {
            List<String> states = deliveryStates(alertId);
            return states.size() == deliveries && states.stream().allMatch("SENT"::equals);
        });
    }

    /** A timeline entry of an alert as the store keeps it. */
    record Entry(AlertChange.Kind kind, String actor, String note) { }

    List<Entry> timelineOf(UUID alertId) {
        return jdbc.sql("select kind, actor, note from alert_timeline where alert_id = ? order by id").param(alertId)
                .query((rs, n) -> new Entry(AlertChange.Kind.valueOf(rs.getString("kind")), rs.getString("actor"),
                        rs.getString("note"))).list();
    }

    /**
     * Publishes a RAISED transition of a new condition in {@code district} (department water, site harbour-1, device
     * flood-&lt;district&gt;-1) raised now by the test clock, and answers the alert once the real store holds it (its
     * notification outbox row committed with it).
     */
    Alert open(String district, String title, AlertEvent.Severity severity) {
        String key = "flood-level|" + UUID.randomUUID();
        Instant now = clock.instant();
        AlertingServiceIT.publish(event(key, AlertEvent.alertIdOf(key, now), AlertEvent.Transition.RAISED, 0,
                severity, title, district, now, now));
        UUID id = await().atMost(AWAIT).until(() -> jdbc.sql("select id from alert where condition_key = ?")
                .param(key).query(UUID.class).optional().orElse(null), Objects::nonNull);
        return alerts.find(id).orElseThrow();
    }

    /** Publishes the condition's UPDATED transition {@code revision} with {@code severity}; answers the stored alert. */
    Alert raise(Alert alert, AlertEvent.Severity severity, int revision) {
        return transition(alert, AlertEvent.Transition.UPDATED, severity, revision);
    }

    /** Publishes the condition's CLEARED transition {@code revision}; answers the stored alert once it changed. */
    Alert clear(Alert alert, int revision) {
        return transition(alert, AlertEvent.Transition.CLEARED, alert.severity(), revision);
    }

    private Alert transition(Alert alert, AlertEvent.Transition transition, AlertEvent.Severity severity,
                             int revision) {
        Instant raisedAt = Instant.parse(alert.occurrenceId().substring(alert.occurrenceId().lastIndexOf('@') + 1));
        int entries = timelineOf(alert.id()).size();
        AlertingServiceIT.publish(event(alert.conditionKey(), alert.occurrenceId(), transition, revision, severity,
                alert.title(), alert.district(), raisedAt, clock.instant()));
        await().atMost(AWAIT).until(() -> timelineOf(alert.id()).size() > entries);
        return alerts.find(alert.id()).orElseThrow();
    }

    /** Acknowledged by a person through the real lifecycle. */
    Alert acknowledge(Alert alert, String actor) {
        return alerts.acknowledge(alert.id(), actor, "on my way");
    }

    static AlertEvent event(String key, String alertId, AlertEvent.Transition transition, int revision,
                                    AlertEvent.Severity severity, String title, String district, Instant raisedAt,
                                    Instant time) {
        return new AlertEvent(alertId, key, transition, revision, severity, AlertEvent.Cause.INCIDENT,
                "3 sensors in the district agree within 2 minutes", List.of(), title,
                "Close the underpass and send a pump crew", "flood-level", 3, "flood-" + district + "-1",
                "gw-" + district, "harbour-1", "water", district, 53.5511, 9.9937, raisedAt, time, null, List.of(), 0,
                null, null);
    }
}
