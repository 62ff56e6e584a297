package city.urbanops.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.EventJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Route × role × scope, generated from the service's own route list: every route Spring MVC serves must have an entry
 * in {@link #EXPECTATIONS}, so an endpoint cannot be added without saying who may call it; the first test fails and
 * names the route otherwise. Each entry is then called anonymously (401), by every demo user (the entry's success
 * status, or 403 for a role it does not allow), and, for a route about one alert, by every user whose scope is
 * restricted, on an alert outside that scope (404, existence not revealed).
 *
 * <p>To add a route: one {@code expect(...)} line in the static block, naming the route as Spring MVC spells it
 * ({@code METHOD /path/{var}}), who may call it, the status they get, whether it is about one alert (then the call
 * gets a fresh open alert in the caller's scope, or outside it), and how to call it. A call that needs a resource of
 * its own creates it first with {@link Target#asAdmin()} (e.g. a webhook endpoint to delete). A route open to anyone
 * holding a link (no token) is declared with {@code expectOpen(...)}: anonymous callers get its success status too.
 */
class AlertingRouteMatrixIT extends AlertingServiceIT {

    static final Set<String> EVERYONE = Set.of("admin", "supervisor", "operator", "technician", "integrator",
            "analyst");
    static final Set<String> RESPONDERS = Set.of("admin", "supervisor", "operator", "technician");
    static final Set<String> DISPATCHERS = Set.of("admin", "supervisor", "operator");
    static final Set<String> SUPERVISORS = Set.of("admin", "supervisor");
    /** Who reads routing policies, schedules and maintenance windows. */
    static final Set<String> READERS = Set.of("admin", "supervisor", "operator", "analyst");

    /** Where each demo user's scope lies (a department and district inside it) and one place outside it. */
    static final Map<String, List<String>> IN_SCOPE = Map.of("admin", List.of("water", "north"),
            "supervisor", List.of("water", "north"), "analyst", List.of("water", "north"),
            "operator", List.of("transport", "south"), "technician", List.of("water", "north"),
            "integrator", List.of("environment", "south"));
    static final Set<String> RESTRICTED = Set.of("operator", "technician", "integrator");
    static final List<String> OUT_OF_EVERY_RESTRICTED_SCOPE = List.of("parks", "east");

    /**
     * What a call is about: a fresh alert (null for a route about no alert), and a way to prepare other resources
     * as {@code admin} (returns the response body as JSON; fails unless 2xx).
     */
    record Target(UUID alertId, Function<Call, JsonNode> asAdmin) {
    }

    record Call(String method, String path, Object body) {
    }

    /**
     * Who may call a route and what they get.
     *
     * @param aboutAnAlert whether the call needs an alert (a {@link Target}); such routes are checked for scope too
     * @param exemption    why the route is not called (null: it is)
     */
    record Expectation(Set<String> allowed, int success, boolean aboutAnAlert, Function<Target, Call> call,
                       String exemption, int anonymous) {
    }

    static final Map<String, Expectation> EXPECTATIONS = new LinkedHashMap<>();

    static {
        expect("GET /api/v1/alerts", EVERYONE, 200, false, t -> get("/api/v1/alerts?limit=5"));
        expect("GET /api/v1/alerts/{id}", EVERYONE, 200, true, t -> get(alert(t)));
        expect("GET /api/v1/alerts/{id}/timeline", EVERYONE, 200, true, t -> get(alert(t) + "/timeline"));
        expect("POST /api/v1/alerts/{id}/acknowledge", RESPONDERS, 200, true,
                t -> post(alert(t) + "/acknowledge", Map.of("note", "matrix")));
        expect("POST /api/v1/alerts/{id}/assign", DISPATCHERS, 200, true,
                t -> post(alert(t) + "/assign", Map.of("person", "technician")));
        expect("POST /api/v1/alerts/{id}/comments", RESPONDERS, 201, true,
                t -> post(alert(t) + "/comments", Map.of("text", "matrix")));
        expect("POST /api/v1/alerts/{id}/resolve", RESPONDERS, 200, true,
                t -> post(alert(t) + "/resolve", Map.of("note", "matrix")));
        expect("PUT /api/v1/alert-resolution-modes/{ruleId}", SUPERVISORS, 200, false,
                t -> new Call("PUT", "/api/v1/alert-resolution-modes/matrix-rule", Map.of("mode", "AUTOMATIC")));

        // Notifications (README "Notifications"): endpoints are written and read by supervisors and admins; an
        // alert's deliveries are read by every role within scope; acknowledge links are open to whoever holds one.
        expect("POST /api/v1/webhook-endpoints", SUPERVISORS, 201, false, t -> post("/api/v1/webhook-endpoints",
                Map.of("url", "https://hooks.city.test/matrix", "description", "matrix")));
        expect("GET /api/v1/webhook-endpoints", SUPERVISORS, 200, false, t -> get("/api/v1/webhook-endpoints"));
        expect("DELETE /api/v1/webhook-endpoints/{id}", SUPERVISORS, 204, false,
                t -> delete("/api/v1/webhook-endpoints/" + webhookEndpoint(t)));
        expect("POST /api/v1/webhook-endpoints/{id}/secrets", SUPERVISORS, 201, false,
                t -> post("/api/v1/webhook-endpoints/" + webhookEndpoint(t) + "/secrets", null));
        expect("GET /api/v1/notifications", EVERYONE, 200, true,
                t -> get("/api/v1/notifications?alertId=" + t.alertId()));
        // A forged token: the same 400 page for everyone, token or not (no 401/403: the link itself is the grant).
        expectOpen("GET /ack/{token}", 400, t -> get("/ack/forged.token"));
        expectOpen("POST /ack/{token}", 400, t -> post("/ack/forged.token", null));

        // Routing, schedules, maintenance windows (README "Routing, schedules, maintenance windows, escalation"):
        // operators, analysts, supervisors and admins read; supervisors and admins write.
        expect("GET /api/v1/routing-policies", READERS, 200, false, t -> get("/api/v1/routing-policies"));
        expect("GET /api/v1/routing-policies/{id}", READERS, 200, false,
                t -> get("/api/v1/routing-policies/" + policy(t)));
        expect("POST /api/v1/routing-policies", SUPERVISORS, 201, false,
                t -> post("/api/v1/routing-policies", policyBody(unique("matrix-policy"))));
        expect("PUT /api/v1/routing-policies/{id}", SUPERVISORS, 200, false, t -> {
            String id = policy(t);
            return new Call("PUT", "/api/v1/routing-policies/" + id, policyBody(id));
        });
        expect("DELETE /api/v1/routing-policies/{id}", SUPERVISORS, 204, false,
                t -> delete("/api/v1/routing-policies/" + policy(t)));
        expect("GET /api/v1/schedules", READERS, 200, false, t -> get("/api/v1/schedules"));
        expect("GET /api/v1/schedules/{id}", READERS, 200, false, t -> get("/api/v1/schedules/" + schedule(t)));
        expect("GET /api/v1/schedules/{id}/on-call", READERS, 200, false,
                t -> get("/api/v1/schedules/" + schedule(t) + "/on-call"));
        expect("POST /api/v1/schedules", SUPERVISORS, 201, false,
                t -> post("/api/v1/schedules", scheduleBody(unique("matrix-schedule"))));
        expect("PUT /api/v1/schedules/{id}", SUPERVISORS, 200, false, t -> {
            String id = schedule(t);
            return new Call("PUT", "/api/v1/schedules/" + id, scheduleBody(id));
        });
        expect("DELETE /api/v1/schedules/{id}", SUPERVISORS, 204, false,
                t -> delete("/api/v1/schedules/" + schedule(t)));
        expect("POST /api/v1/schedules/{id}/overrides", SUPERVISORS, 201, false,
                t -> post("/api/v1/schedules/" + schedule(t) + "/overrides", overrideBody()));
        expect("DELETE /api/v1/schedules/{id}/overrides/{overrideId}", SUPERVISORS, 204, false, t -> {
            String id = schedule(t);
            String overrideId = t.asAdmin().apply(post("/api/v1/schedules/" + id + "/overrides", overrideBody()))
                    .get("id").asString();
            return delete("/api/v1/schedules/" + id + "/overrides/" + overrideId);
        });
        expect("GET /api/v1/maintenance-windows", READERS, 200, false, t -> get("/api/v1/maintenance-windows"));
        expect("GET /api/v1/maintenance-windows/{id}", READERS, 200, false,
                t -> get("/api/v1/maintenance-windows/" + maintenanceWindow(t)));
        expect("POST /api/v1/maintenance-windows", SUPERVISORS, 201, false,
                t -> post("/api/v1/maintenance-windows", windowBody()));
        expect("DELETE /api/v1/maintenance-windows/{id}", SUPERVISORS, 204, false,
                t -> delete("/api/v1/maintenance-windows/" + maintenanceWindow(t)));

        expect("GET /v3/api-docs", EVERYONE, 200, false, t -> get("/v3/api-docs"));
        expect("GET /v3/api-docs.yaml", EVERYONE, 200, false, t -> get("/v3/api-docs.yaml"));
        expect("GET /v3/api-docs/swagger-config", EVERYONE, 200, false, t -> get("/v3/api-docs/swagger-config"));
        expect("GET /swagger-ui.html", EVERYONE, 302, false, t -> get("/swagger-ui.html"));
        EXPECTATIONS.put("* /error", new Expectation(Set.of(), 0, false, null,
                "Boot's error page, reached by the container's forwards; open like every service's (platform-security)", 0));
    }

    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyRouteTheServiceServesHasAnEntryAndEveryEntryARoute() {
        Set<String> routes = routes();
        Set<String> missing = routes.stream().filter(route -> !EXPECTATIONS.containsKey(route))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> stale = EXPECTATIONS.keySet().stream().filter(route -> !routes.contains(route))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(missing).as("routes the service serves without an entry in AlertingRouteMatrixIT.EXPECTATIONS: "
                + "add an expect(...) line for each, saying who may call it").isEmpty();
        assertThat(stale).as("entries in AlertingRouteMatrixIT.EXPECTATIONS for routes the service no longer serves")
                .isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyUserGetsWhatTheMatrixSaysOnEveryRouteInAndOutOfScope() {
        List<DynamicTest> tests = new ArrayList<>();
        EXPECTATIONS.forEach((route, expectation) -> {
            if (expectation.exemption() != null) {
                return;
            }
            tests.add(DynamicTest.dynamicTest(route + " anonymous → " + expectation.anonymous(), () -> {
                var target = expectation.aboutAnAlert() ? freshAlert(IN_SCOPE.get("admin"))
                        : new Target(null, this::asAdmin);
                var response = send(expectation.call().apply(target), null);
                assertThat(response.statusCode()).as(route + " anonymous: " + response.body())
                        .isEqualTo(expectation.anonymous());
            }));
            for (String user : new TreeSet<>(EVERYONE)) {
                boolean allowed = expectation.allowed().contains(user);
                tests.add(DynamicTest.dynamicTest(route + " " + user + " in scope", () -> {
                    var target = expectation.aboutAnAlert() ? freshAlert(IN_SCOPE.get(user))
                            : new Target(null, this::asAdmin);
                    var response = send(expectation.call().apply(target), user);

                    assertThat(response.statusCode()).as(route + " as " + user + ": " + response.body())
                            .isEqualTo(allowed ? expectation.success() : 403);
                }));
                if (expectation.aboutAnAlert() && RESTRICTED.contains(user)) {
                    tests.add(DynamicTest.dynamicTest(route + " " + user + " out of scope", () -> {
                        var target = freshAlert(OUT_OF_EVERY_RESTRICTED_SCOPE);
                        var response = send(expectation.call().apply(target), user);

                        assertThat(response.statusCode()).as(route + " as " + user + " out of scope: "
                                + response.body()).isEqualTo(allowed ? 404 : 403);
                    }));
                }
            }
        });
        return tests.stream();
    }

    private Target freshAlert(List<String> place) {
        String key = newConditionKey("matrix");
        Instant now = Instant.now();
        publish(new AlertEvent(AlertEvent.alertIdOf(key, now), key, AlertEvent.Transition.RAISED, 0,
                AlertEvent.Severity.WARNING, AlertEvent.Cause.DEVICE_FAULT, "stuck value", List.of(), "Matrix",
                "Check the sensor", "matrix-rule", 1, "dev-1", "gw-1", null, place.get(0), place.get(1), null, null,
                now, now, null, List.of(), 0, null, null));
        UUID id = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.sql("select id from alert where condition_key = ?").param(key).query(UUID.class)
                        .optional().orElse(null), Objects::nonNull);
        return new Target(id, this::asAdmin);
    }

    private JsonNode asAdmin(Call call) {
        var response = send(call, "admin");
        assertThat(response.statusCode()).as("preparing " + call.method() + " " + call.path() + ": "
                + response.body()).isBetween(200, 299);
        return response.body().isEmpty() ? null : JSON.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(Call call, String user) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + call.path())).timeout(Duration.ofSeconds(30))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeString(call.body())));
        if (call.body() != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Bearer " + token(user));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(call.method() + " " + call.path(), e);
        }
    }

    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        mapping.getHandlerMethods().keySet().forEach(info -> {
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    routes.add("* " + pattern);
                }
                methods.forEach(method -> routes.add(method.name() + " " + pattern));
            }
        });
        return routes;
    }

    static void expect(String route, Set<String> allowed, int success, boolean aboutAnAlert,
                       Function<Target, Call> call) {
        EXPECTATIONS.put(route, new Expectation(allowed, success, aboutAnAlert, call, null, 401));
    }

    /** A route anyone may call, with or without a token (an acknowledge link): everyone gets {@code success}. */
    static void expectOpen(String route, int success, Function<Target, Call> call) {
        EXPECTATIONS.put(route, new Expectation(EVERYONE, success, false, call, null, success));
    }

    static String alert(Target target) {
        return "/api/v1/alerts/" + target.alertId();
    }

    static Call get(String path) {
        return new Call("GET", path, null);
    }

    static Call post(String path, Object body) {
        return new Call("POST", path, body);
    }

    static Call delete(String path) {
        return new Call("DELETE", path, null);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A webhook endpoint created as admin (nothing routes to it, so nothing is ever sent to its URL). */
    static String webhookEndpoint(Target t) {
        return t.asAdmin().apply(post("/api/v1/webhook-endpoints",
                Map.of("url", "https://hooks.city.test/matrix", "description", "matrix"))).get("id").asString();
    }

    /** A policy for a department no alert has, so the matrix's policies never route another test's alert. */
    static Map<String, Object> policyBody(String id) {
        return Map.of("id", id, "name", "Matrix policy", "priority", 900,
                "match", Map.of("departments", List.of("matrix-nowhere")),
                "users", List.of(Map.of("userId", "matrix", "displayName", "Matrix", "email", "matrix@city.test")));
    }

    static String policy(Target t) {
        return t.asAdmin().apply(post("/api/v1/routing-policies", policyBody(unique("matrix-policy"))))
                .get("id").asString();
    }

    static Map<String, Object> scheduleBody(String id) {
        return Map.of("id", id, "name", "Matrix schedule", "timeZone", "Europe/Paris",
                "rotations", List.of(Map.of("name", "primary", "start", "2026-03-16T08:00:00",
                        "rrule", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
                        "people", List.of(Map.of("userId", "matrix", "displayName", "Matrix",
                                "email", "matrix@city.test")))));
    }

    static String schedule(Target t) {
        return t.asAdmin().apply(post("/api/v1/schedules", scheduleBody(unique("matrix-schedule"))))
                .get("id").asString();
    }

    static Map<String, Object> overrideBody() {
        Instant now = Instant.now();
        return Map.of("person", Map.of("userId", "otto", "displayName", "Otto", "email", "otto@city.test"),
                "startsAt", now.toString(), "endsAt", now.plus(Duration.ofHours(1)).toString());
    }

    /** A window on a device no alert names, so it never silences another test's alert. */
    static Map<String, Object> windowBody() {
        Instant now = Instant.now();
        return Map.of("target", "DEVICE", "targetId", unique("matrix-device"), "startsAt", now.toString(),
                "endsAt", now.plus(Duration.ofHours(1)).toString(), "reason", "matrix");
    }

    static String maintenanceWindow(Target t) {
        return t.asAdmin().apply(post("/api/v1/maintenance-windows", windowBody())).get("id").asString();
    }
}
