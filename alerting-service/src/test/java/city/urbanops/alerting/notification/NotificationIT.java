package city.urbanops.alerting.notification;

import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.alerting.routing.Route;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * as the SMTP server and an HTTP webhook receiver, both in this JVM. The clock is the test's: group waits, back-off
 * and link expiry pass when a test advances it. Every IT extending this shares one application context; each test
 * uses a district, addresses and webhook paths of its own.
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
        "urbanops.alerting.notification.webhook-timeout=3s"})
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
    protected NotificationTestDoubles.WindowList windows;
    @Autowired
    protected NotificationTestDoubles.TestAlerts alerts;
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

    void open(Alert alert) {
        alerts.store(alert, city.urbanops.alerting.alert.AlertChange.Kind.OPENED, "rules-service");
    }
}
