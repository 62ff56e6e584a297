package city.urbanops.operatorapi.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import city.urbanops.events.Topics;
import city.urbanops.operatorapi.console.ConsoleUser;
import city.urbanops.security.AccessScope;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Commands end to end against a real device-registry-service: flags, four eyes, dispatch on {@code gateway.commands},
 * results from {@code gateway.command-results}, expiry, scope and parameter validation.
 */
@Import(CommandsIT.Clocks.class)
class CommandsIT extends OperatorApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EventJson JSON = new EventJson();
    private static final String VALVE = "transport-valve";
    private static final String GATEWAY = "transport-gw";
    private static final String WATER_VALVE = "water-valve";
    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    AdjustableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebApplicationContext context;

    @Autowired
    ChangingCommandFlag changingFlag;

    @Autowired
    DecidingCommand deciding;

    @Autowired
    PlatformTransactionManager transactions;

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        AdjustableClock adjustableClock() {
            return new AdjustableClock();
        }
    }

    @DynamicPropertySource
    static void registryAndTimings(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.registry", RegistryProcess::baseUrl);
        registry.add("urbanops.operator.commands.expiry-interval", () -> "200ms");
        registry.add("urbanops.operator.commands.relay-interval", () -> "100ms");
    }

    @BeforeAll
    static void producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void disabledActuatorCommandIsRefusedAtProposal() {
        var response = post("supervisor", "/api/v1/commands", Map.of("type", "OPEN_VALVE", "deviceId", VALVE,
                "parameters", Map.of(), "reason", "flush the pipe"));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode problem = body(response);
        assertThat(problem.path("type").asString()).isEqualTo("https://urbanops.city/problems/command-disabled");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("type");
    }

    @Test
    void supervisorEnablesAFlagAndTheChangeIsAudited() {
        var response = put("supervisor", "/api/v1/command-flags", Map.of("type", "SWITCH_STREETLIGHT_GROUP",
                "department", "transport", "district", "north", "enabled", true, "reason", "night works on B12"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).path("enabled").asBoolean()).isTrue();
        assertThat(jdbc.sql("select details->>'new' from audit_entry where action = 'command-flag.changed' "
                        + "and target_id = 'SWITCH_STREETLIGHT_GROUP:transport:north' and actor = 'supervisor'")
                .query(String.class).list()).contains("enabled");
        var operatorTries = put("operator", "/api/v1/command-flags", Map.of("type", "CLOSE_VALVE",
                "department", "transport", "district", "*", "enabled", true, "reason", "me too"));
        assertThat(operatorTries.statusCode()).as("an operator cannot change a flag").isEqualTo(403);
    }

    @Test
    void operatorsValveCommandWaitsForAnotherPersonAndThenReachesTheGateway() {
        enable("CLOSE_VALVE", "transport");
        var proposed = post("operator", "/api/v1/commands", Map.of("type", "CLOSE_VALVE", "deviceId", VALVE,
                "reason", "leak reported at the depot"));
        assertThat(proposed.statusCode()).isEqualTo(201);
        String id = body(proposed).path("id").asString();
        assertThat(body(proposed).path("status").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(body(proposed).path("gatewayId").asString()).as("the gateway comes from the registry")
                .isEqualTo(GATEWAY);

        assertThat(post("operator", "/api/v1/commands/" + id + "/approve", Map.of()).statusCode())
                .as("an operator cannot approve").isEqualTo(403);

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.GATEWAY_COMMANDS)) {
            var approved = post("supervisor", "/api/v1/commands/" + id + "/approve", Map.of("reason", "confirmed"));
            assertThat(approved.statusCode()).isEqualTo(200);
            Instant expiresAt = Instant.parse(body(approved).path("expiresAt").asString());

            var record = probe.awaitMatching(r -> new String(r.headers().lastHeader("ce_id").value(),
                    StandardCharsets.UTF_8).equals(id), 1, Duration.ofSeconds(30)).getFirst();
            assertThat(record.key()).isEqualTo(GATEWAY);
            GatewayCommand command = TopicProbe.value(record, GatewayCommand.class);
            assertThat(command.gatewayId()).isEqualTo(GATEWAY);
            assertThat(command.deviceId()).isEqualTo(VALVE);
            assertThat(command.type()).isEqualTo("CLOSE_VALVE");
            assertThat(command.proposedBy()).isEqualTo("operator");
            assertThat(command.approvedBy()).isEqualTo("supervisor");
            assertThat(command.expiresAt()).isEqualTo(expiresAt);
            assertThat(Duration.between(command.issuedAt(), command.expiresAt())).isEqualTo(Duration.ofMinutes(15));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status("operator", id).equals("SENT"));
    }

    @Test
    void anApprovalWaitsForAFlagChangeInProgressAndIsRefusedWhenThatChangeDisabledTheType() throws Exception {
        enable("CLOSE_VALVE", "transport");
        String id = body(post("supervisor", "/api/v1/commands", Map.of("type", "CLOSE_VALVE", "deviceId", VALVE,
                "reason", "burst main"))).path("id").asString();
        var changed = new CountDownLatch(1);
        var commit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> disabling = threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                changingFlag.change(new ChangingCommandFlag.FlagChange("CLOSE_VALVE", "transport", "*", false,
                        "valve chamber under maintenance"), "admin", AccessScope.unrestricted());
                changed.countDown();
                try {
                    assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(changed.await(30, TimeUnit.SECONDS)).as("the flag change is written, not yet committed").isTrue();

            Future<StoredCommand> approving = threads.submit(() -> deciding.approve(UUID.fromString(id), "go ahead",
                    "admin", AccessScope.unrestricted()));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !approving.isDone());
            commit.countDown();
            disabling.get(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> approving.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CommandRefused.class).hasMessageContaining("disabled");
            assertThat(status("supervisor", id)).isEqualTo("AWAITING_APPROVAL");
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void theProposerCannotApproveTheirOwnCommandEvenAsSupervisor() {
        enable("CLOSE_VALVE", "transport");
        String id = body(post("supervisor", "/api/v1/commands", Map.of("type", "CLOSE_VALVE", "deviceId", VALVE,
                "reason", "pressure drop"))).path("id").asString();

        var own = post("supervisor", "/api/v1/commands/" + id + "/approve", Map.of());

        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(body(own).path("type").asString()).isEqualTo("https://urbanops.city/problems/four-eyes");
        assertThat(status("supervisor", id)).isEqualTo("AWAITING_APPROVAL");
        assertThat(post("admin", "/api/v1/commands/" + id + "/approve", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post("admin", "/api/v1/commands/" + id + "/approve", Map.of()).statusCode())
                .as("only a command awaiting approval can be approved").isEqualTo(409);
    }

    @Test
    void aCommandTheGatewayAnsweredBeforeKafkaAcknowledgedItsSendingGainsNoSentLineAfterTheAnswer() {
        String id = samplingCommand(15);
        await().atMost(Duration.ofSeconds(20)).until(() -> status("operator", id).equals("SENT"));
        publish(new CommandResult(id, GATEWAY, CommandResult.Outcome.APPLIED, "interval now 60 s", Instant.now(),
                GATEWAY));
        await().atMost(Duration.ofSeconds(20)).until(() -> status("operator", id).equals("APPLIED"));
        // As if the relay's round were still waiting for Kafka when the gateway's answer was stored: the command is in
        // the outbox again and its SENT line not yet written.
        jdbc.sql("delete from command_history where event_id = ?").param(id + ":SENT").update();
        jdbc.sql("insert into command_outbox (command_id, gateway_id, payload, created_at) values (?, ?, ?, now())")
                .params(UUID.fromString(id), GATEWAY, "{}".getBytes(StandardCharsets.UTF_8)).update();

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from command_outbox where command_id = ?").param(UUID.fromString(id))
                .query(Long.class).single() == 0);

        JsonNode command = body(get("operator", "/api/v1/commands/" + id));
        assertThat(command.path("status").asString()).isEqualTo("APPLIED");
        List<String> history = command.path("history").valueStream().map(h -> h.path("status").asString()).toList();
        assertThat(history).last().isEqualTo("APPLIED");
        assertThat(history).doesNotContain("SENT");
    }

    @Test
    void theGatewaysAnswerShowsOnTheCommand() {
        String id = samplingCommand(15);

        publish(new CommandResult(id, GATEWAY, CommandResult.Outcome.DELIVERED, null, Instant.now(), "ingestion-1"));
        publish(new CommandResult(id, GATEWAY, CommandResult.Outcome.APPLIED, "interval now 60 s", Instant.now(),
                GATEWAY));

        await().atMost(Duration.ofSeconds(20)).until(() -> status("operator", id).equals("APPLIED"));
        JsonNode command = body(get("operator", "/api/v1/commands/" + id));
        assertThat(command.path("resultReason").asString()).isEqualTo("interval now 60 s");
        assertThat(command.path("history").valueStream().map(h -> h.path("status").asString()).toList())
                .contains("AWAITING_APPROVAL", "APPROVED", "DELIVERED", "APPLIED");
        assertThat(command.path("flag").path("enabled").asBoolean()).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'command.applied' and target_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCopyOfAResultAndALateExpiryChangeNothing() {
        String id = samplingCommand(15);
        publish(new CommandResult(id, GATEWAY, CommandResult.Outcome.APPLIED, "applied", Instant.now(), GATEWAY));
        await().atMost(Duration.ofSeconds(20)).until(() -> status("operator", id).equals("APPLIED"));
        int historyBefore = body(get("operator", "/api/v1/commands/" + id)).path("history").size();

        publish(new CommandResult(id, GATEWAY, CommandResult.Outcome.APPLIED, "applied again", Instant.now(), GATEWAY));
        publish(new CommandResult(id, GATEWAY, CommandResult.Outcome.EXPIRED, "too late", Instant.now(), "ingestion-1"));
        // A marker after the copies: once it is applied, the copies before it were consumed too.
        String marker = samplingCommand(15);
        publish(new CommandResult(marker, GATEWAY, CommandResult.Outcome.REFUSED, "no such device", Instant.now(),
                GATEWAY));
        await().atMost(Duration.ofSeconds(20)).until(() -> status("operator", marker).equals("REFUSED"));

        JsonNode command = body(get("operator", "/api/v1/commands/" + id));
        assertThat(command.path("status").asString()).isEqualTo("APPLIED");
        assertThat(command.path("resultReason").asString()).isEqualTo("applied");
        assertThat(command.path("history").size()).isEqualTo(historyBefore);
    }

    @Test
    void aCommandNobodyAnswersExpiresVisibly() {
        String id = samplingCommand(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> status("operator", id).equals("SENT"));

        clock.advance(Duration.ofMinutes(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> status("operator", id).equals("EXPIRED"));
        JsonNode command = body(get("operator", "/api/v1/commands/" + id));
        assertThat(command.path("resultReason").asString())
                .isEqualTo("the gateway did not answer before the command expired");
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'command.expired' and target_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCommandOutsideTheCallersDepartmentIsNotFound() {
        String id = body(post("supervisor", "/api/v1/commands", Map.of("type", "SET_SAMPLING_INTERVAL",
                "deviceId", WATER_VALVE, "parameters", Map.of("seconds", 120), "reason", "watch the leak")))
                .path("id").asString();

        assertThat(get("operator", "/api/v1/commands/" + id).statusCode()).isEqualTo(404);
        assertThat(get("analyst", "/api/v1/commands/" + id).statusCode()).isEqualTo(200);
        assertThat(get("technician", "/api/v1/commands/" + id).statusCode()).isEqualTo(403);
        assertThat(body(get("operator", "/api/v1/commands?limit=200")).path("items").valueStream()
                .map(c -> c.path("id").asString()).toList()).doesNotContain(id);
        assertThat(post("operator", "/api/v1/commands", Map.of("type", "SET_SAMPLING_INTERVAL",
                "deviceId", WATER_VALVE, "parameters", Map.of("seconds", 120), "reason", "curious")).statusCode())
                .as("a device outside the caller's scope cannot be commanded").isEqualTo(404);
    }

    @Test
    void aBadParameterIsRefusedNamingTheField() {
        var outOfRange = post("operator", "/api/v1/commands", Map.of("type", "SET_SAMPLING_INTERVAL",
                "deviceId", VALVE, "parameters", Map.of("seconds", 3), "reason", "faster"));
        var unknown = post("operator", "/api/v1/commands", Map.of("type", "SET_SAMPLING_INTERVAL",
                "deviceId", VALVE, "parameters", Map.of("seconds", 60, "colour", "red"), "reason", "faster"));

        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(fields(outOfRange)).containsExactly("parameters.seconds");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(fields(unknown)).containsExactly("parameters.colour");
    }

    @Test
    void aResultThatCannotBeAppliedGoesToTheDeadLetter() {
        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.OPERATOR_DEAD_LETTER)) {
            String unknown = java.util.UUID.randomUUID().toString();
            publish(new CommandResult(unknown, GATEWAY, CommandResult.Outcome.APPLIED, null, Instant.now(), GATEWAY));

            var dead = probe.awaitMatching(r -> unknown.equals(TopicProbe.value(r, CommandResult.class).commandId()),
                    1, Duration.ofSeconds(30)).getFirst();
            assertThat(new String(dead.headers().lastHeader(CommandDeadLetters.REASON_HEADER).value(),
                    StandardCharsets.UTF_8)).isEqualTo("UNKNOWN_COMMAND");
        }
    }

    private String samplingCommand(int expiresInMinutes) {
        var response = post("operator", "/api/v1/commands", Map.of("type", "SET_SAMPLING_INTERVAL", "deviceId", VALVE,
                "parameters", Map.of("seconds", 60), "reason", "closer watch", "expiresInMinutes", expiresInMinutes));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode command = body(response);
        assertThat(command.path("approvedBy").isMissingNode()).as("approved by the system rule").isTrue();
        return command.path("id").asString();
    }

    private void enable(String type, String department) {
        assertThat(put("admin", "/api/v1/command-flags", Map.of("type", type, "department", department,
                "district", "*", "enabled", true, "reason", "test set-up")).statusCode()).isEqualTo(200);
    }

    private void publish(CommandResult result) {
        try {
            producer.send(CloudEventRecords.toRecord(Topics.GATEWAY_COMMAND_RESULTS, result.gatewayId(),
                    EventType.COMMAND_RESULT, result.eventId(), URI.create("urbanops:test"), result.commandId(),
                    result.at(), JSON.write(result))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String status(String user, String id) {
        return body(get(user, "/api/v1/commands/" + id)).path("status").asString();
    }

    private static List<String> fields(HttpResponse<String> response) {
        return body(response).path("errors").valueStream().map(e -> e.path("field").asString()).toList();
    }

    private static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String user, String path) {
        return send(user, HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    HttpResponse<String> post(String user, String path, Object body) {
        return send(user, HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeString(body))));
    }

    HttpResponse<String> put(String user, String path, Object body) {
        return send(user, HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeString(body))));
    }

    private static HttpResponse<String> send(String user, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + token(user))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theProposerSeesNoApproveButtonOnTheirOwnProposal() throws Exception {
        enable("CLOSE_VALVE", "transport");
        String id = body(post("supervisor", "/api/v1/commands", Map.of("type", "CLOSE_VALVE", "deviceId", VALVE,
                "reason", "valve chamber flooded"))).path("id").asString();
        MockMvc console = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();

        String proposersPage = page(console, "supervisor", "ROLE_SUPERVISOR");
        String othersPage = page(console, "admin", "ROLE_ADMIN");

        assertThat(rowOf(proposersPage, id)).contains("awaiting another supervisor").doesNotContain(">Approve<");
        assertThat(rowOf(othersPage, id)).contains(">Approve<").contains("enabled");
    }

    private static String page(MockMvc console, String user, String role) throws Exception {
        var idToken = OidcIdToken.withTokenValue("id-token").subject(user)
                .claim(ConsoleUser.NAME_CLAIM, user).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .build();
        var principal = new ConsoleUser(List.of(new SimpleGrantedAuthority(role)), idToken, null,
                AccessScope.unrestricted());
        return console.perform(MockMvcRequestBuilders.get("/commands").with(authentication(
                        new OAuth2AuthenticationToken(principal, principal.getAuthorities(), "keycloak"))))
                .andReturn().getResponse().getContentAsString();
    }

    private static String rowOf(String html, String commandId) {
        int start = html.indexOf("data-command-id=\"" + commandId + "\"");
        assertThat(start).as("the command's row on the page").isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
