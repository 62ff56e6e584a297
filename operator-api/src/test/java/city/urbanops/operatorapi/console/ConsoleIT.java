package city.urbanops.operatorapi.console;

import city.urbanops.operatorapi.ConsoleSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.codec.EventJson;
import city.urbanops.operatorapi.AlertingProcess;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The console against a real alerting-service (its own jar, its own database) fed through Kafka: the exception queue
 * shows what the user may see, acts on alerting, the live stream delivers in scope and resumes, the sign-in and the
 * page security behave. Console requests go through MockMvc with a session holding what a Keycloak sign-in leaves
 * (a {@link ConsoleUser} and the user's real access token), since a browser sign-in is the browser tests' part.
 */
class ConsoleIT extends OperatorApiIT {

    @Autowired
    ConsoleSessions sessions;

    private static final EventJson JSON = new EventJson();
    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    WebApplicationContext context;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    SignInAudit signInAudit;
    @Autowired
    JdbcTemplate jdbc;

    private MockMvc mvc;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void alertingService(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", AlertingProcess::baseUrl);
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void queueShowsOnlyAlertsInTheUsersScopeAndAcknowledgesInPlace() throws Exception {
        String water = AlertingProcess.raise("water", "north", AlertEvent.Severity.MAJOR, "Water main pressure drop");
        String transport = AlertingProcess.raise("transport", "north", AlertEvent.Severity.CRITICAL, "Traffic lights dark");

        MockHttpSession operator = sessions.signedIn("operator");
        String page = mvc.perform(get("/").session(operator)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("alert-" + transport).contains("Traffic lights dark")
                .doesNotContain("alert-" + water).doesNotContain("Water main pressure drop");
        assertThat(page).contains("Incident"); // the cause badge carries its word

        String row = mvc.perform(post("/queue/rows/{id}/acknowledge", transport).session(operator).with(csrf())
                        .header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(row).contains("Acknowledged by operator").doesNotContain("data-testid=\"acknowledge\"");
        assertThat(alertingStatus(transport)).isEqualTo("ACKNOWLEDGED");

        String again = mvc.perform(post("/queue/rows/{id}/acknowledge", transport).session(operator).with(csrf())
                        .header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(again).contains("data-testid=\"refusal\"");

        // Out of scope: the same 404 page as an unknown alert.
        mvc.perform(get("/alerts/{id}", water).session(operator)).andExpect(status().isNotFound());
        mvc.perform(get("/alerts/{id}", UUID.randomUUID()).session(operator)).andExpect(status().isNotFound());
        String detail = mvc.perform(get("/alerts/{id}", transport).session(operator)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("Traffic lights dark").contains("Close the underpass").contains("ACKNOWLEDGED");

        MockHttpSession technician = sessions.signedIn("technician");
        String tech = mvc.perform(get("/t/alerts/{id}", water).session(technician)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(tech).contains("geo:52.37,4.89").contains("openstreetmap.org").contains("data-testid=\"acknowledge\"");
        mvc.perform(post("/t/alerts/{id}/acknowledge", water).session(technician).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String after = mvc.perform(get("/t/alerts/{id}", water).session(technician))
                .andReturn().getResponse().getContentAsString();
        assertThat(after).contains("Acknowledged by technician").doesNotContain("data-testid=\"acknowledge\"");
    }

    @Test
    void exceptionQueueApiAnswersABearerTokenInScopeWithACursor() throws Exception {
        String water = AlertingProcess.raise("water", "north", AlertEvent.Severity.WARNING, "Hydrant open");
        String transport = AlertingProcess.raise("transport", "south", AlertEvent.Severity.WARNING, "Bus stop display down");

        var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/exception-queue?limit=200"))
                .header("Authorization", "Bearer " + token("operator")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains(transport).doesNotContain(water);

        var first = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/exception-queue?limit=1"))
                .header("Authorization", "Bearer " + token("supervisor")).build(), HttpResponse.BodyHandlers.ofString());
        var page = JSON.mapper().readTree(first.body());
        assertThat(page.get("items").size()).isEqualTo(1);
        assertThat(page.get("nextCursor").asString()).isNotBlank();

        var tooMany = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/exception-queue?limit=201"))
                .header("Authorization", "Bearer " + token("operator")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("limit");
    }

    @Test
    void liveStreamDeliversInScopeOnlyAndResumesAfterLastEventId() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> !listeners.getListenerContainer("operator-live")
                .getAssignedPartitions().isEmpty());
        Stream technician = Stream.open(baseUrl(), token("technician"), null);
        Stream operator = Stream.open(baseUrl(), token("operator"), null);
        try {
            String water = AlertingProcess.raise("water", "north", AlertEvent.Severity.MAJOR, "Reservoir level low");
            String transport = AlertingProcess.raise("transport", "north", AlertEvent.Severity.MAJOR, "Tram signal fault");
            await().atMost(Duration.ofSeconds(30)).until(() -> technician.has(water));
            await().atMost(Duration.ofSeconds(30)).until(() -> operator.has(transport));
            assertThat(operator.has(water)).isFalse();
            assertThat(technician.has(transport)).isFalse();

            String firstId = technician.idOf(water);
            String later = AlertingProcess.raise("water", "north", AlertEvent.Severity.WARNING, "Meter offline");
            await().atMost(Duration.ofSeconds(30)).until(() -> technician.has(later));

            Stream resumed = Stream.open(baseUrl(), token("technician"), firstId);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.has(later));
                // Later changes of the water alert (a notification sent, say) may follow; nothing up to the id may.
                assertThat(resumed.ids()).as("nothing up to Last-Event-ID again")
                        .allSatisfy(id -> assertThat(sequence(id)).isGreaterThan(sequence(firstId)));
                assertThat(resumed.ids()).doesNotContain(firstId);
            } finally {
                resumed.close();
            }
            Stream tooOld = Stream.open(baseUrl(), token("technician"), "999999999");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> tooOld.names().contains("reset"));
            } finally {
                tooOld.close();
            }
            // The same sequence from another instance (or from before a restart) names other events: reload.
            String otherInstance = "elsewhere." + sequence(firstId);
            Stream fromElsewhere = Stream.open(baseUrl(), token("technician"), otherInstance);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> fromElsewhere.names().contains("reset"));
                assertThat(fromElsewhere.names()).as("no replay before the reset").first().isEqualTo("reset");
            } finally {
                fromElsewhere.close();
            }
        } finally {
            technician.close();
            operator.close();
        }
    }

    @Test
    void aDeviceChangeReachesTheLiveStreamsOfThoseWhoMaySeeItsDepartmentAndDistrict() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> !listeners.getListenerContainer("operator-live")
                .getAssignedPartitions().isEmpty());
        String deviceId = "live-fl-" + UUID.randomUUID().toString().substring(0, 8);
        Stream technician = Stream.open(baseUrl(), token("technician"), null);
        Stream operator = Stream.open(baseUrl(), token("operator"), null);
        try {
            Instant at = Instant.now();
            var device = new DeviceRecord(deviceId, null, DeviceKind.SENSOR, "FLOOD_LEVEL", "gw-1",
                    DeviceLifecycle.SUSPENDED, null, "water", "north", "site-1", 52.37, 4.89, List.of("water_level"), 3,
                    at);
            producer().send(CloudEventRecords.toRecord(Topics.REGISTRY_DEVICES, deviceId, EventType.DEVICE,
                    device.eventId(), URI.create("urbanops:device-registry-service"), deviceId, at,
                    JSON.write(device))).get();
            producer().send(new ProducerRecord<>(Topics.REGISTRY_DEVICES, "gone-" + deviceId, null)).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> technician.events().stream().anyMatch(e ->
                    "device".equals(e.name()) && e.data().contains(deviceId) && e.data().contains("SUSPENDED")));
            String after = AlertingProcess.raise("transport", "north", AlertEvent.Severity.INFO, "Bus shelter dark");
            await().atMost(Duration.ofSeconds(30)).until(() -> operator.has(after));
            assertThat(operator.events()).as("a water device is not the transport operator's")
                    .noneMatch(e -> e.data().contains(deviceId));
        } finally {
            technician.close();
            operator.close();
        }
    }

    @Test
    void unreadableLifecycleRecordGoesToTheDeadLetterAndTheStreamGoesOn() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> !listeners.getListenerContainer("operator-live")
                .getAssignedPartitions().isEmpty());
        String key = "not-an-alert-" + UUID.randomUUID();
        try (var deadLetters = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.OPERATOR_DEAD_LETTER); Stream everyone = Stream.open(baseUrl(), token("supervisor"), null)) {
            producer().send(new ProducerRecord<>(Topics.ALERTS_LIFECYCLE, key,
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
            var dead = deadLetters.awaitMatching(r -> key.equals(r.key()), 1, Duration.ofSeconds(30)).getFirst();
            assertThat(new String(dead.headers().lastHeader("urbanops_dlt-reason").value(), StandardCharsets.UTF_8))
                    .isEqualTo("UNREADABLE");
            String after = AlertingProcess.raise("water", "east", AlertEvent.Severity.INFO, "Valve report late");
            await().atMost(Duration.ofSeconds(30)).until(() -> everyone.has(after));
        }
        // The live consumer starts from the end every time: its group holds no offset, so Kafka forgets it with the
        // instance and restarts leave no consumer groups behind.
        String group = listeners.getListenerContainer("operator-live").getGroupId();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }

    @Test
    void pagesCarryTheSecurityHeadersAndRefuseAPostWithoutCsrfToken() throws Exception {
        MockHttpSession operator = sessions.signedIn("operator");
        mvc.perform(get("/").session(operator))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("script-src 'self'"),
                        org.hamcrest.Matchers.containsString("frame-ancestors 'none'"),
                        org.hamcrest.Matchers.containsString("form-action 'self' http://localhost:"))))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Referrer-Policy", "same-origin"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
        mvc.perform(post("/queue/rows/{id}/acknowledge", UUID.randomUUID()).session(operator)
                .header("HX-Request", "true")).andExpect(status().isForbidden());
    }

    @Test
    void signedOutPageGoesToKeycloakWithPkceAndAnHtmxRequestIsToldToReload() throws Exception {
        var toLogin = mvc.perform(get("/alerts/" + UUID.randomUUID())).andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getHeader(HttpHeaders.LOCATION);
        assertThat(toLogin).endsWith("/oauth2/authorization/keycloak");
        String authorize = mvc.perform(get("/oauth2/authorization/keycloak")).andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getHeader(HttpHeaders.LOCATION);
        assertThat(authorize).startsWith(KeycloakServer.shared().issuerUri() + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256").contains("code_challenge=").contains("client_id=urbanops-console");

        mvc.perform(get("/queue/rows/" + UUID.randomUUID()).header("HX-Request", "true")
                        .header("HX-Current-URL", "http://localhost/alerts/abc?x=1"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/alerts/abc?x=1"));
    }

    @Test
    void supervisorSignInIsAuditedOnceAndAnOperatorsIsNot() {
        var supervisor = sessions.authentication("supervisor");
        signInAudit.signedIn(supervisor);
        signInAudit.signedIn(supervisor);
        signInAudit.signedIn(sessions.authentication("operator"));
        String session = ((ConsoleUser) supervisor.getPrincipal()).getIdToken().getClaimAsString("sid");
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where action = 'session.signed-in' "
                + "and actor = 'supervisor' and target_id = ?", Integer.class, session)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where action = 'session.signed-in' "
                + "and actor = 'operator'", Integer.class)).isZero();
    }

    @Test
    void signingOutEndsTheKeycloakSessionTooAndComesBackToTheConsole() throws Exception {
        String location = mvc.perform(post("/logout").session(sessions.signedIn("operator")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();

        assertThat(location).startsWith(KeycloakServer.shared().issuerUri() + "/protocol/openid-connect/logout?")
                .contains("id_token_hint=id-token-operator")
                .contains("post_logout_redirect_uri=http://localhost/");
    }

    // --- helpers ---

    private String alertingStatus(String id) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(AlertingProcess.baseUrl() + "/api/v1/alerts/" + id))
                .header("Authorization", "Bearer " + token("supervisor")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.mapper().readTree(answer.body()).get("status").asString();
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** The sequence in an SSE id ({@code <instance epoch>.<sequence>}). */
    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('.') + 1));
    }

    /** A server-sent event stream read on a thread of its own: every event's id, name and data. */
    record Event(String id, String name, String data) {
    }

    static final class Stream implements AutoCloseable {
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final Thread reader;
        private volatile java.io.InputStream body;

        private Stream(String baseUrl, String token, String lastEventId) throws Exception {
            var builder = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/live"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                builder.header("Last-Event-ID", lastEventId);
            }
            var response = HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            reader = Thread.ofVirtual().start(this::read);
        }

        static Stream open(String baseUrl, String token, String lastEventId) throws Exception {
            return new Stream(baseUrl, token, lastEventId);
        }

        private void read() {
            try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (name != null || !data.isEmpty()) {
                            events.add(new Event(id, name, data.toString()));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception closed) {
                // the stream was closed by the test
            }
        }

        boolean has(String alertId) {
            return events.stream().anyMatch(e -> "alert".equals(e.name()) && e.data().contains(alertId));
        }

        String idOf(String alertId) {
            return events.stream().filter(e -> "alert".equals(e.name()) && e.data().contains(alertId))
                    .map(Event::id).findFirst().orElseThrow();
        }

        List<Event> events() {
            return List.copyOf(events);
        }

        /** The ids of the events received (comments and heartbeats carry none). */
        List<String> ids() {
            return events.stream().map(Event::id).filter(java.util.Objects::nonNull).toList();
        }

        List<String> names() {
            return events.stream().map(Event::name).toList();
        }

        @Override
        public void close() throws Exception {
            body.close();
            reader.interrupt();
        }
    }
}
