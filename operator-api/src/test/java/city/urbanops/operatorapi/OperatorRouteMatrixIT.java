package city.urbanops.operatorapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.operatorapi.OperatorRouteMatrixIT.Expectation;
import city.urbanops.operatorapi.command.RegistryProcess;
import city.urbanops.operatorapi.console.ConsoleUser;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.contract.RouteAuthorizationMatrix;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Route × role × scope for all of operator-api ({@link RouteAuthorizationMatrix}, generated from Spring MVC's own
 * route list): the REST API on its bearer-token chain, called over HTTP with each demo user's real Keycloak token, and
 * the console on its session chain, called through MockMvc with the session a Keycloak sign-in leaves (a
 * {@link ConsoleUser} with the user's real access token, roles and scope) and the CSRF token on every POST.
 *
 * <p>Routes about one thing (an alert in the real alerting-service, a command or a device in the real
 * device-registry-service) are called twice per user: on a thing in the user's scope, and on one outside it, which
 * must answer exactly as an unknown one does (404 where the route answers statuses) and never show the thing. Every
 * console answer carries the page security headers and never the user's access token.
 *
 * <p>To add a route: one {@code api(...)} or {@code console(...)} line in the static block, naming the route as Spring
 * MVC spells it, who may call it, what they get, what it is about, and how to call it.
 */
class OperatorRouteMatrixIT extends OperatorApiIT implements RouteAuthorizationMatrix<Expectation> {

    @Autowired
    ConsoleSessions sessions;

    static final Set<String> EVERYONE = RouteAuthorizationMatrix.DEMO_USERS;
    /** alerting-service's rules for acknowledge, comment and resolve; assign is narrower. */
    static final Set<String> ALERT_ACTORS = Set.of("operator", "technician", "supervisor", "admin");
    static final Set<String> ASSIGNERS = Set.of("operator", "supervisor", "admin");
    static final Set<String> COMMAND_READERS = Set.of("operator", "supervisor", "admin", "analyst");
    static final Set<String> PROPOSERS = Set.of("operator", "supervisor", "admin");
    static final Set<String> DECIDERS = Set.of("supervisor", "admin");
    static final Set<String> DEVICE_PAGE_READERS = Set.of("operator", "supervisor", "technician", "analyst",
            "admin");
    static final Set<String> AUDIT_READERS = Set.of("supervisor", "admin", "analyst");
    static final Set<String> AUDIT_VERIFIERS = Set.of("supervisor", "admin");
    static final Set<String> EXPORTERS = Set.of("operator", "supervisor", "analyst", "admin", "integrator");
    /** rules-service's readers; technicians and integrators are told in place that they may not see rules. */
    static final Set<String> RULE_READERS = Set.of("operator", "analyst", "supervisor", "admin");
    static final String MATRIX_RULE = "matrix-rule";

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> ENABLED = ConcurrentHashMap.newKeySet();
    private static KafkaProducer<String, byte[]> producer;

    enum Chain { API, CONSOLE }

    /** What a route is about, so it can be called in and out of the caller's scope. */
    enum Subject { NONE, ALERT, COMMAND, AWAITING_COMMAND, DEVICE }

    /** One thing of a {@link Subject}: its id, and a word of it that only its own view shows. */
    record Thing(String id, String marker) {
    }

    record Call(HttpMethod method, String path, Map<String, String> form, Object json, boolean htmx) {
    }

    /**
     * Who may call a route and what they get.
     *
     * @param success    the status of a caller the route is for
     * @param refused    the status of a caller it is not for (403; or the console's refusal shown in place)
     * @param outOfScope the status of a caller it is for, on a thing outside their scope (= on an unknown thing)
     */
    record Expectation(Chain chain, Set<String> allowed, int success, int refused, Subject subject, int outOfScope,
                       Function<String, Call> call) {
    }

    /** What came back: status, body, {@code Location}, the flash (console) and the security headers. */
    record Answer(int status, String body, String location, Map<String, ?> flash, String csp, String frameOptions) {
        boolean refusalShown() {
            return flash.containsKey("refusal") || flash.containsKey("error")
                    || body.contains("data-testid=\"refusal\"") || body.contains("class=\"problem\"");
        }
    }

    static final Map<String, Expectation> EXPECTATIONS = new LinkedHashMap<>();
    static final Map<String, String> EXEMPTIONS = Map.of(
            "* /error", "Boot's error page, reached by the container's forwards; open on both chains by design "
                    + "(platform-security's PUBLIC_PATHS and the console's PUBLIC_RESOURCES)");

    static {
        // REST, bearer-token chain
        api("GET /api/v1/exception-queue", EVERYONE, 200, Subject.NONE, x -> get("/api/v1/exception-queue?limit=5"));
        api("GET /api/v1/live", EVERYONE, 200, Subject.NONE, x -> get("/api/v1/live"));
        api("GET /api/v1/commands", COMMAND_READERS, 200, Subject.NONE, x -> get("/api/v1/commands?limit=5"));
        api("POST /api/v1/commands", PROPOSERS, 201, Subject.DEVICE, device -> json(HttpMethod.POST,
                "/api/v1/commands", Map.of("type", "SET_SAMPLING_INTERVAL", "deviceId", device,
                        "parameters", Map.of("seconds", 120), "reason", "route matrix")));
        api("GET /api/v1/commands/{id}", COMMAND_READERS, 200, Subject.COMMAND, id -> get("/api/v1/commands/" + id));
        api("POST /api/v1/commands/{id}/approve", DECIDERS, 200, Subject.AWAITING_COMMAND,
                id -> json(HttpMethod.POST, "/api/v1/commands/" + id + "/approve", Map.of("reason", "matrix")));
        api("POST /api/v1/commands/{id}/reject", DECIDERS, 200, Subject.AWAITING_COMMAND,
                id -> json(HttpMethod.POST, "/api/v1/commands/" + id + "/reject", Map.of("reason", "matrix")));
        api("GET /api/v1/command-flags", PROPOSERS, 200, Subject.NONE, x -> get("/api/v1/command-flags"));
        api("PUT /api/v1/command-flags", DECIDERS, 200, Subject.NONE, x -> json(HttpMethod.PUT,
                "/api/v1/command-flags", Map.of("type", "SWITCH_STREETLIGHT_GROUP", "department", "transport",
                        "district", "matrix", "enabled", true, "reason", "route matrix")));
        api("GET /api/v1/audit/entries", AUDIT_READERS, 200, Subject.NONE, x -> get("/api/v1/audit/entries?limit=5"));
        api("GET /api/v1/audit/verify", DECIDERS, 200, Subject.NONE, x -> get("/api/v1/audit/verify"));
        // Exports
        api("GET /api/v1/exports/alerts.csv", EXPORTERS, 200, Subject.NONE,
                x -> get("/api/v1/exports/alerts.csv?status=OPEN&district=matrix-export"));
        api("GET /api/v1/exports/audit.csv", AUDIT_READERS, 200, Subject.NONE,
                x -> get("/api/v1/exports/audit.csv?action=data.exported&actor=nobody"));
        // City overview
        api("GET /api/v1/overview", EVERYONE, 200, Subject.NONE, x -> get("/api/v1/overview"));
        // Device health
        api("GET /api/v1/device-health", EVERYONE, 200, Subject.NONE, x -> get("/api/v1/device-health"));
        api("GET /v3/api-docs", EVERYONE, 200, Subject.NONE, x -> get("/v3/api-docs"));
        api("GET /v3/api-docs.yaml", EVERYONE, 200, Subject.NONE, x -> get("/v3/api-docs.yaml"));
        api("GET /v3/api-docs/swagger-config", EVERYONE, 200, Subject.NONE, x -> get("/v3/api-docs/swagger-config"));

        // Console, session chain
        console("GET /", EVERYONE, 200, 403, Subject.NONE, 0, x -> get("/"));
        console("GET /live", EVERYONE, 200, 403, Subject.NONE, 0, x -> get("/live"));
        console("GET /alerts/{id}", EVERYONE, 200, 403, Subject.ALERT, 404, id -> get("/alerts/" + id));
        console("GET /t/alerts/{id}", EVERYONE, 200, 403, Subject.ALERT, 404, id -> get("/t/alerts/" + id));
        console("POST /t/alerts/{id}/acknowledge", ALERT_ACTORS, 302, 302, Subject.ALERT, 404,
                id -> form("/t/alerts/" + id + "/acknowledge", Map.of()));
        console("POST /alerts/{id}/acknowledge", ALERT_ACTORS, 302, 302, Subject.ALERT, 404,
                id -> form("/alerts/" + id + "/acknowledge", Map.of()));
        console("POST /alerts/{id}/assign", ASSIGNERS, 302, 302, Subject.ALERT, 404,
                id -> form("/alerts/" + id + "/assign", Map.of("team", "water-crew")));
        console("POST /alerts/{id}/comment", ALERT_ACTORS, 302, 302, Subject.ALERT, 404,
                id -> form("/alerts/" + id + "/comment", Map.of("text", "seen on the camera")));
        console("POST /alerts/{id}/resolve", ALERT_ACTORS, 302, 302, Subject.ALERT, 404,
                id -> form("/alerts/" + id + "/resolve", Map.of()));
        console("GET /queue/rows/{id}", EVERYONE, 200, 403, Subject.ALERT, 404, id -> htmx(HttpMethod.GET,
                "/queue/rows/" + id, Map.of()));
        console("POST /queue/rows/{id}/acknowledge", ALERT_ACTORS, 200, 200, Subject.ALERT, 404,
                id -> htmx(HttpMethod.POST, "/queue/rows/" + id + "/acknowledge", Map.of()));
        console("POST /queue/rows/{id}/assign", ASSIGNERS, 200, 200, Subject.ALERT, 404,
                id -> htmx(HttpMethod.POST, "/queue/rows/" + id + "/assign", Map.of()));
        console("POST /queue/rows/{id}/resolve", ALERT_ACTORS, 200, 200, Subject.ALERT, 404,
                id -> htmx(HttpMethod.POST, "/queue/rows/" + id + "/resolve", Map.of()));
        console("GET /commands", COMMAND_READERS, 200, 403, Subject.NONE, 0, x -> get("/commands"));
        // A form re-shows itself with the field's error: a device outside the scope reads as one that does not exist.
        console("POST /commands", PROPOSERS, 302, 403, Subject.DEVICE, 200, device -> form("/commands", Map.of(
                "type", "SET_SAMPLING_INTERVAL", "deviceId", device, "seconds", "120", "reason", "route matrix")));
        console("POST /commands/{id}/approve", DECIDERS, 302, 403, Subject.AWAITING_COMMAND, 302,
                id -> form("/commands/" + id + "/approve", Map.of("reason", "matrix")));
        console("POST /commands/{id}/reject", DECIDERS, 302, 403, Subject.AWAITING_COMMAND, 302,
                id -> form("/commands/" + id + "/reject", Map.of("reason", "matrix")));
        console("POST /commands/flags", DECIDERS, 302, 403, Subject.NONE, 0, x -> form("/commands/flags", Map.of(
                "type", "SWITCH_STREETLIGHT_GROUP", "department", "transport", "district", "matrix",
                "enabled", "true", "reason", "route matrix")));
        console("GET /audit", AUDIT_READERS, 200, 403, Subject.NONE, 0, x -> get("/audit"));
        console("POST /audit/check", AUDIT_VERIFIERS, 302, 403, Subject.NONE, 0, x -> form("/audit/check", Map.of()));
        console("GET /exports", EXPORTERS, 200, 403, Subject.NONE, 0, x -> get("/exports"));
        console("POST /exports/alerts", EXPORTERS, 200, 403, Subject.NONE, 0,
                x -> form("/exports/alerts", Map.of("status", "OPEN", "district", "matrix-export")));
        console("POST /exports/audit", AUDIT_READERS, 200, 403, Subject.NONE, 0,
                x -> form("/exports/audit", Map.of("action", "data.exported", "actor", "nobody")));
        // Quarantine proposal on the alert detail: the matrix's alerts carry no proposal, so every caller in scope is
        // answered with that refusal in words (the registry's supervisor rule is proven in QuarantineProposalIT).
        console("POST /alerts/{id}/proposal/accept", Set.of(), 302, 302, Subject.ALERT, 404,
                id -> form("/alerts/" + id + "/proposal/accept", Map.of()));
        console("POST /alerts/{id}/proposal/reject", Set.of(), 302, 302, Subject.ALERT, 404,
                id -> form("/alerts/" + id + "/proposal/reject", Map.of("reason", "matrix")));
        // City overview
        console("GET /overview", EVERYONE, 200, 403, Subject.NONE, 0, x -> get("/overview"));
        console("GET /overview/data", EVERYONE, 200, 403, Subject.NONE, 0, x -> get("/overview/data"));
        // Rules pages: rules-service decides who may see and enable; a refusal is shown in words (rules-service's
        // scope is the department/district of the rule; the matrix rule names none, so every reader reaches it).
        console("GET /rules", RULE_READERS, 200, 200, Subject.NONE, 0, x -> get("/rules"));
        console("GET /rules/{id}", RULE_READERS, 200, 200, Subject.NONE, 0, x -> get("/rules/" + matrixRule()));
        console("GET /rules/{id}/versions/{version}/dry-run", RULE_READERS, 200, 200, Subject.NONE, 0,
                x -> get("/rules/" + matrixRule() + "/versions/1/dry-run"));
        console("POST /rules/{id}/versions/{version}/enable", DECIDERS, 302, 302, Subject.NONE, 0,
                x -> form("/rules/" + matrixRule() + "/versions/1/enable", Map.of("reason", "route matrix")));
        // Device health. The registry holds no environment device, so the integrator's "in scope" device (a
        // transport valve) is outside its scope: Not found, as for everyone on a device they may not see.
        console("GET /devices", EVERYONE, 200, 403, Subject.NONE, 0, x -> get("/devices"));
        console("GET /devices/{id}", DEVICE_PAGE_READERS, 200, 404, Subject.DEVICE, 404, id -> get("/devices/" + id));
        console("GET /swagger-ui.html", EVERYONE, 302, 403, Subject.NONE, 0, x -> get("/swagger-ui.html"));
    }

    @Autowired
    WebApplicationContext context;
    private MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", AlertingProcess::baseUrl);
        registry.add("urbanops.operator.services.registry", RegistryProcess::baseUrl);
        registry.add("urbanops.operator.services.rules", RulesProcess::baseUrl);
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    @Override
    public Map<String, Expectation> expectations() {
        return EXPECTATIONS;
    }

    @Override
    public Map<String, String> exemptions() {
        return EXEMPTIONS;
    }

    /**
     * The API answers 401 to a call without a token. The console sends a page request without a session to Keycloak's
     * sign-in (checked here) and tells an htmx request or the stream 401 so the page reloads (the status answered).
     */
    @Override
    public int statusWithoutToken(String route, Expectation expectation) {
        Call call = expectation.call().apply(UUID.randomUUID().toString());
        if (expectation.chain() == Chain.API) {
            return send(call, null).status();
        }
        if (!call.path().equals("/live")) { // the stream is never sent to sign-in: it answers 401 at once
            Answer page = perform(call, null, false);
            assertThat(page.status()).as(route + " without a session").isEqualTo(302);
            assertThat(page.location()).as(route + " without a session").endsWith("/oauth2/authorization/keycloak");
        }
        return perform(call, null, true).status();
    }

    @Override
    public List<DynamicTest> checksFor(String route, Expectation e, String user) {
        boolean allowed = e.allowed().contains(user);
        List<DynamicTest> checks = new ArrayList<>();
        int expected = allowed ? e.success() : e.refused();
        String inScope = e.subject() == Subject.NONE ? "" : " in scope";
        checks.add(DynamicTest.dynamicTest(route + " as " + user + inScope + " → " + expected
                + (allowed || e.refused() != e.success() ? "" : " refused in place"), () -> {
            Thing thing = e.subject() == Subject.NONE ? new Thing(null, null) : thing(e.subject(), user, true);
            Answer answer = call(e, e.call().apply(thing.id()), user);
            assertThat(answer.status()).as(route + " as " + user + ": " + abbreviated(answer)).isEqualTo(expected);
            if (e.chain() == Chain.CONSOLE && e.success() == e.refused()) {
                assertThat(answer.refusalShown()).as(route + " as " + user + " shows a refusal: " + abbreviated(answer))
                        .isEqualTo(!allowed);
            } else if (e.chain() == Chain.CONSOLE && allowed) {
                assertThat(answer.refusalShown()).as(route + " as " + user + ": " + abbreviated(answer)).isFalse();
            }
        }));
        if (e.subject() != Subject.NONE) {
            String outside = outsideDepartment(user);
            checks.add(DynamicTest.dynamicTest(route + " as " + user + (outside == null
                    ? " on an unknown " + e.subject() + " (every department is theirs)"
                    : " out of scope (" + outside + ")") + " → as unknown, never the thing", () -> {
                Thing unknown = unknown(e.subject());
                Thing thing = outside == null ? unknown : thing(e.subject(), user, false);
                Answer answer = call(e, e.call().apply(thing.id()), user);
                Answer asUnknown = call(e, e.call().apply(unknown.id()), user);
                String as = route + " as " + user + " out of scope: " + abbreviated(answer);
                if (allowed) {
                    assertThat(answer.status()).as(as).isEqualTo(e.outOfScope());
                } else {
                    assertThat(answer.status()).as(as).isIn(e.refused(), 404);
                }
                assertThat(answer.status()).as(as + " (the same as an unknown one)").isEqualTo(asUnknown.status());
                if (answer.status() != 404 && answer.status() != 403) {
                    assertThat(answer.refusalShown()).as(as + " shows a refusal").isTrue();
                }
                if (thing.marker() != null) {
                    assertThat(answer.body()).as(as).doesNotContain(thing.marker());
                }
            }));
        }
        return checks;
    }

    @Test
    void aConsolePostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        Thing alert = raise("transport", "north");
        MockHttpSession session = sessions.signedIn("operator");

        int status = mvc.perform(MockMvcRequestBuilders.post("/alerts/{id}/acknowledge", alert.id()).session(session))
                .andReturn().getResponse().getStatus();

        assertThat(status).isEqualTo(403);
        assertThat(alertingStatus(alert.id())).isEqualTo("OPEN");
        mvc.perform(MockMvcRequestBuilders.post("/alerts/{id}/acknowledge", alert.id()).session(session).with(csrf()))
                .andReturn();
        assertThat(alertingStatus(alert.id())).as("the same post with the token goes through").isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void consolePagesForbidInlineScriptsAndFraming() throws Exception {
        Answer page = perform(get("/"), sessions.signedIn("operator"), false);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.csp()).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.frameOptions()).isEqualTo("DENY");
    }

    @Test
    void theApiTakesNoTokenFromTheUrl() {
        String token = token("supervisor");
        var answer = send(get("/api/v1/exception-queue?access_token=" + token), null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain(token);
    }

    // --- calling ---

    private Answer call(Expectation e, Call call, String user) throws Exception {
        if (e.chain() == Chain.API) {
            return send(call, token(user));
        }
        MockHttpSession session = sessions.signedIn(user);
        String accessToken = (String) session.getAttribute(ConsoleSessions.ACCESS_TOKEN);
        Answer answer = perform(call, session, call.htmx());
        String as = call.method() + " " + call.path() + " as " + user;
        assertThat(answer.body()).as(as + ": no access token in the body").doesNotContain(accessToken);
        assertThat(String.valueOf(answer.location())).as(as + ": no access token in Location")
                .doesNotContain(accessToken).doesNotContain("access_token");
        assertThat(answer.frameOptions()).as(as + ": X-Frame-Options").isEqualTo("DENY");
        assertThat(answer.csp()).as(as + ": Content-Security-Policy").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        return answer;
    }

    private Answer send(Call call, String token) {
        var body = call.json() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeString(call.json()));
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + call.path())).method(call.method().name(), body)
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            if (call.path().endsWith("/live")) {
                var stream = HTTP.send(request.header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                stream.body().close();
                return new Answer(stream.statusCode(), "", null, Map.of(), null, null);
            }
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null), Map.of(), null, null);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private Answer perform(Call call, MockHttpSession session, boolean htmx) {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(call.method(), URI.create(call.path()));
        call.form().forEach(request::param);
        if (session != null) {
            request.session(session);
        }
        if (htmx) {
            request.header("HX-Request", "true");
        }
        if (call.path().equals("/live")) {
            request.header("Accept", "text/event-stream");
        }
        if (call.method() != HttpMethod.GET) {
            request.with(csrf());
        }
        try {
            MvcResult result = mvc.perform(request).andReturn();
            MockHttpServletResponse response = result.getResponse();
            return new Answer(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8),
                    response.getHeader(HttpHeaders.LOCATION), result.getFlashMap(),
                    response.getHeader("Content-Security-Policy"), response.getHeader("X-Frame-Options"));
        } catch (Exception ex) {
            throw new IllegalStateException(call.method() + " " + call.path(), ex);
        }
    }

    private static String abbreviated(Answer answer) {
        String body = answer.body() == null ? "" : answer.body();
        return answer.status() + " " + answer.flash() + " " + (body.length() > 300 ? body.substring(0, 300) : body);
    }

    // --- things in and out of scope ---

    /** The demo users' scope: technician water/north, integrator environment, operator transport, the rest all. */
    private static String insideDepartment(String user) {
        return switch (user) {
            case "technician" -> "water";
            case "integrator" -> "environment";
            default -> "transport";
        };
    }

    private static String outsideDepartment(String user) {
        return switch (user) {
            case "operator" -> "water";
            case "technician", "integrator" -> "transport";
            default -> null;
        };
    }

    /** A fresh thing in (or out of) {@code user}'s scope; the registry has valves in transport and water only. */
    private Thing thing(Subject subject, String user, boolean inside) throws Exception {
        String department = inside ? insideDepartment(user) : outsideDepartment(user);
        String withDevices = department.equals("environment") ? "transport" : department;
        return switch (subject) {
            case ALERT -> raise(department, "north");
            case COMMAND -> command(withDevices);
            case AWAITING_COMMAND -> awaitingCommand(withDevices);
            case DEVICE -> new Thing(withDevices + "-valve", withDevices + "-gw");
            case NONE -> throw new IllegalArgumentException("no thing");
        };
    }

    private static Thing unknown(Subject subject) {
        return subject == Subject.DEVICE ? new Thing("no-such-valve-" + UUID.randomUUID(), null)
                : new Thing(UUID.randomUUID().toString(), null);
    }

    /** A sampling command (approved by the system rule) on the department's valve, proposed by the supervisor. */
    private Thing command(String department) {
        String marker = "matrix-" + UUID.randomUUID();
        var answer = send(json(HttpMethod.POST, "/api/v1/commands", Map.of("type", "SET_SAMPLING_INTERVAL",
                "deviceId", department + "-valve", "parameters", Map.of("seconds", 90), "reason", marker)),
                token("supervisor"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return new Thing(JSON.readTree(answer.body().getBytes(StandardCharsets.UTF_8)).path("id").asString(), marker);
    }

    /** A valve command awaiting a second person: proposed by the operator (transport) or the supervisor (water). */
    private Thing awaitingCommand(String department) {
        if (ENABLED.add(department)) {
            var enabled = send(json(HttpMethod.PUT, "/api/v1/command-flags", Map.of("type", "CLOSE_VALVE",
                    "department", department, "district", "*", "enabled", true, "reason", "route matrix set-up")),
                    token("admin"));
            assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        }
        String marker = "matrix-" + UUID.randomUUID();
        var answer = send(json(HttpMethod.POST, "/api/v1/commands", Map.of("type", "CLOSE_VALVE",
                "deviceId", department + "-valve", "reason", marker)),
                token(department.equals("transport") ? "operator" : "supervisor"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        var command = JSON.readTree(answer.body().getBytes(StandardCharsets.UTF_8));
        assertThat(command.path("status").asString()).isEqualTo("AWAITING_APPROVAL");
        return new Thing(command.path("id").asString(), marker);
    }

    /** Raises a new alert through Kafka, waits until alerting-service lists it, and answers alerting's id. */
    private Thing raise(String department, String district) throws Exception {
        String key = "matrix/" + department + "/" + UUID.randomUUID().toString().substring(0, 8);
        String title = "Matrix alert " + UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var event = new AlertEvent(AlertEvent.alertIdOf(key, at), key, AlertEvent.Transition.RAISED, 0,
                AlertEvent.Severity.MAJOR, AlertEvent.Cause.INCIDENT, "confirmed by 2 neighbours",
                List.of(new AlertEvent.Signal("neighbours-confirm", "2 of 3 agree")), title, "Close the underpass",
                "matrix", 1, "fl-1", "gw-1", "site-1", department, district, 52.37, 4.89, at, at,
                new AlertEvent.Evidence("water_level above 1.5 m for PT1M", Map.of("value", 1.5),
                        List.of(new AlertEvent.EvidenceReading("fl-1", at, "water_level", 1.8, null, null))),
                List.of(), 0, null, null);
        producer().send(CloudEventRecords.toRecord(Topics.ALERTS, key, EventType.ALERT, event.eventId(),
                URI.create("urbanops:rules-service"), key, at, JSON.write(event))).get();
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create(AlertingProcess.baseUrl()
                            + "/api/v1/alerts?department=" + department + "&district=" + district + "&limit=50"))
                    .header("Authorization", "Bearer " + token("supervisor")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (var item : JSON.mapper().readTree(answer.body()).get("items")) {
                if (key.equals(item.get("conditionKey").asString())) {
                    id[0] = item.get("id").asString();
                    return true;
                }
            }
            return false;
        });
        return new Thing(id[0], title);
    }

    private static String alertingStatus(String id) throws Exception {
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(AlertingProcess.baseUrl() + "/api/v1/alerts/" + id))
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

    // --- the matrix's vocabulary ---

    static void api(String route, Set<String> allowed, int success, Subject subject, Function<String, Call> call) {
        EXPECTATIONS.put(route, new Expectation(Chain.API, allowed, success, 403, subject, 404, call));
    }

    static void console(String route, Set<String> allowed, int success, int refused, Subject subject, int outOfScope,
                        Function<String, Call> call) {
        EXPECTATIONS.put(route, new Expectation(Chain.CONSOLE, allowed, success, refused, subject, outOfScope, call));
    }

    /** A rule in rules-service (created on first use) naming no department or district. */
    static String matrixRule() {
        RulesProcess.createRule(MATRIX_RULE, """
                {"name": "Matrix rule", "severity": "WARNING", "recommendedAction": "Check the device",
                 "condition": {"type": "absence", "forDuration": "PT30M"}}""");
        return MATRIX_RULE;
    }

    static Call get(String path) {
        return new Call(HttpMethod.GET, path, Map.of(), null, false);
    }

    static Call json(HttpMethod method, String path, Object body) {
        return new Call(method, path, Map.of(), body, false);
    }

    static Call form(String path, Map<String, String> form) {
        return new Call(HttpMethod.POST, path, form, null, false);
    }

    static Call htmx(HttpMethod method, String path, Map<String, String> form) {
        return new Call(method, path, form, null, true);
    }
}
