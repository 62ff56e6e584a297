package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.alerting.MutableClock;
import city.urbanops.alerting.routing.Route;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.testkit.FreePorts;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks as deployed (private addresses not allowed), on a database of this context's own so its dispatcher never
 * sees the other notification tests' endpoints, which call a receiver on 127.0.0.1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "urbanops.alerting.webhooks.allow-private-addresses=false",
        "urbanops.alerting.notification.poll-interval=100ms",
        "urbanops.alerting.notification.link-secret=test-link-secret-not-for-production"})
@Import(NotificationTestDoubles.class)
class WebhookAddressIT {

    private static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static PostgresDatabase ownDatabase;
    private static final WebhookReceiver RECEIVER = new WebhookReceiver(FreePorts.next());
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;
    @Autowired
    private MutableClock clock;
    @Autowired
    private NotificationTestDoubles.FixedRoutes routes;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private WebhookEndpointRepository endpoints;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        synchronized (WebhookAddressIT.class) {
            if (ownDatabase == null) {
                ownDatabase = TestInfrastructure.postgres().createDatabase("alerting_ssrf_" + Long.toHexString(
                        UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
            }
        }
        registry.add("spring.datasource.url", ownDatabase::jdbcUrl);
        registry.add("spring.datasource.username", ownDatabase::username);
        registry.add("spring.datasource.password", ownDatabase::password);
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        registry.add("spring.kafka.consumer.group-id", () -> "alerting-ssrf-it-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    private static WebhookReceiver receiver() {
        return RECEIVER;
    }

    private HttpResponse<String> create(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/webhook-endpoints"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + KeycloakServer.shared().passwordToken("supervisor", "supervisor"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void endpointsInsideTheNetworkAreRefusedAtCreationNamingTheUrl() throws Exception {
        assertThat(jdbc.sql("select current_database()").query(String.class).single())
                .isEqualTo(ownDatabase.jdbcUrl().substring(ownDatabase.jdbcUrl().lastIndexOf('/') + 1).split("\\?")[0]);
        for (String url : List.of(receiver().url("/hooks/inside"), "http://127.0.0.1:9/", "http://169.254.169.254/",
                "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://10.0.0.5/",
                "http://192.168.0.10:8080/hook", "http://[fd00::5]/", "http://0.0.0.0/", "http://localhost/")) {
            HttpResponse<String> refused = create(url);
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(refused.headers().firstValue("content-type")).as(url)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.at("/errors/0/field").asString()).as(url).isEqualTo("url");
            assertThat(problem.at("/errors/0/reason").asString() + problem.get("detail")).as(url)
                    .contains("may not call");
        }
        assertThat(jdbc.sql("select count(*) from webhook_endpoint").query(Long.class).single())
                .as("nothing stored").isZero();

        HttpResponse<String> outside = create("https://93.184.215.14/hooks/city");
        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(201);
    }

    @Test
    void aDeliveryToAnEndpointThatNowResolvesInsideIsDeadLetteredAtOnceWithoutACall() {
        // Stored as if its name had resolved outside when it was created: the send-time check must catch it.
        UUID endpoint = UUID.randomUUID();
        String path = "/hooks/" + endpoint;
        endpoints.create(endpoint, receiver().url(path), "inside", "test", WebhookSigner.newSecret(),
                clock.instant());
        String district = "ssrf-" + UUID.randomUUID().toString().substring(0, 8);
        routes.put(district, new Route("policy-" + district, "Water " + district, false, "policy-" + district + "/"
                + district, List.of(), List.of(endpoint.toString()), GROUP_WAIT, List.of()));
        String key = "flood-level|" + UUID.randomUUID();
        Instant now = clock.instant();
        AlertingServiceIT.publish(NotificationIT.event(key, AlertEvent.alertIdOf(key, now),
                AlertEvent.Transition.RAISED, 0, AlertEvent.Severity.MAJOR, "Rebinding", district, now, now));
        UUID alertId = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select id from alert where condition_key = ?").param(key).query(UUID.class).optional().orElse(null),
                Objects::nonNull);
        clock.advance(GROUP_WAIT);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                select d.state from notification_delivery d join notification_delivery_alert a on a.delivery_id = d.id
                where a.alert_id = ?""").param(alertId).query(String.class).list(),
                states -> states.equals(List.of("DEAD")));
        var dead = jdbc.sql("""
                select d.attempts, d.last_error from notification_delivery d
                join notification_delivery_alert a on a.delivery_id = d.id where a.alert_id = ?""")
                .param(alertId).query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).single();
        assertThat(dead.get(0)).as("no retries").isEqualTo("1");
        assertThat(dead.get(1)).startsWith("address-not-allowed").contains("127.0.0.1");
        assertThat(receiver().callsTo(path)).isEmpty();
        assertThat(jdbc.sql("select note from alert_timeline where alert_id = ? and kind = 'NOTIFICATION'")
                .param(alertId).query(String.class).list()).anySatisfy(note -> assertThat(note)
                .contains("failed for good").contains("address-not-allowed"));
    }
}
