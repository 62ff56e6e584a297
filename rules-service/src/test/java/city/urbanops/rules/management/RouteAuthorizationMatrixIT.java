package city.urbanops.rules.management;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.management.RouteAuthorizationMatrixIT.Expectation;
import city.urbanops.testkit.contract.RouteAuthorizationMatrix;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;

/**
 * Role × route ({@link RouteAuthorizationMatrix}, generated from the service's own route list): every route Spring MVC
 * serves has an entry in {@link #EXPECTATIONS} or {@link #EXEMPTIONS}, and each expected one is called by every demo
 * user and anonymously, against a fresh rule. Scope within a role is proven by {@link RuleAccessIT}.
 *
 * <p>To add a route: one {@code expect(...)} line in the static block, naming the route as Spring MVC spells it, who
 * may call it, the status they get, and how to call it against a {@link Target}.
 */
class RouteAuthorizationMatrixIT extends RulesServiceIT implements RouteAuthorizationMatrix<Expectation> {

    static final Set<String> EVERYONE = RouteAuthorizationMatrix.DEMO_USERS;
    static final Set<String> READERS = Set.of("admin", "supervisor", "operator", "analyst");
    static final Set<String> WRITERS = Set.of("admin", "supervisor");

    /** A rule made for one call: versions 1 and 2, version 1 enabled and then version 2, so every change applies. */
    record Target(String ruleId) {
    }

    record Call(String method, String path, Object body) {
    }

    /**
     * Who may call a route and what they get.
     *
     * @param needsRule whether the call needs a fresh rule (a {@link Target})
     */
    record Expectation(Set<String> allowed, int success, boolean needsRule, Function<Target, Call> call) {
    }

    static final Map<String, Expectation> EXPECTATIONS = new LinkedHashMap<>();
    static final Map<String, String> EXEMPTIONS = Map.of("* /error",
            "Boot's error page, reached by the container's forwards; open like every service's (platform-security)");

    static {
        expect("POST /api/v1/rules", WRITERS, 201, false, t -> post("/api/v1/rules",
                Map.of("id", newRuleId("matrix"), "reason", "matrix", "rule", rule(1.5))));
        expect("POST /api/v1/rules/{id}/versions", WRITERS, 201, true, t -> post(rules(t) + "/versions",
                Map.of("reason", "matrix", "rule", rule(1.7))));
        expect("POST /api/v1/rules/{id}/enable", WRITERS, 200, true, t -> post(rules(t) + "/enable",
                Map.of("version", 1, "reason", "matrix")));
        expect("POST /api/v1/rules/{id}/rollback", WRITERS, 200, true, t -> post(rules(t) + "/rollback",
                Map.of("reason", "matrix")));
        expect("POST /api/v1/rules/{id}/disable", WRITERS, 200, true, t -> post(rules(t) + "/disable",
                Map.of("reason", "matrix")));
        expect("GET /api/v1/rules", READERS, 200, false, t -> get("/api/v1/rules"));
        expect("GET /api/v1/rules/schema", READERS, 200, false, t -> get("/api/v1/rules/schema"));
        expect("GET /api/v1/rules/{id}", READERS, 200, true, t -> get(rules(t)));
        expect("GET /api/v1/rules/{id}/versions", READERS, 200, true, t -> get(rules(t) + "/versions"));
        expect("GET /api/v1/rules/{id}/versions/{version}", READERS, 200, true, t -> get(rules(t) + "/versions/2"));
        expect("GET /api/v1/rules/{id}/history", READERS, 200, true, t -> get(rules(t) + "/history"));
        expect("POST /api/v1/rules/{ruleId}/versions/{version}/dry-run", READERS, 200, true,
                t -> post(rules(t) + "/versions/2/dry-run", Map.of("from", Instant.now().minusSeconds(120).toString(),
                        "to", Instant.now().minusSeconds(60).toString())));

        expect("GET /v3/api-docs", EVERYONE, 200, false, t -> get("/v3/api-docs"));
        expect("GET /v3/api-docs.yaml", EVERYONE, 200, false, t -> get("/v3/api-docs.yaml"));
        expect("GET /v3/api-docs/swagger-config", EVERYONE, 200, false, t -> get("/v3/api-docs/swagger-config"));
        expect("GET /swagger-ui.html", EVERYONE, 302, false, t -> get("/swagger-ui.html"));
    }

    RulesApi api;

    @BeforeEach
    void setUp() {
        api = new RulesApi(baseUrl());
    }

    @Override
    public Map<String, Expectation> expectations() {
        return EXPECTATIONS;
    }

    @Override
    public Map<String, String> exemptions() {
        return EXEMPTIONS;
    }

    @Override
    public int statusWithoutToken(String route, Expectation expectation) {
        var call = expectation.call().apply(new Target("no-such-rule"));
        return api.send(call.method(), call.path(), null, call.body()).statusCode();
    }

    @Override
    public List<DynamicTest> checksFor(String route, Expectation expectation, String user) {
        return List.of(DynamicTest.dynamicTest(route + " " + user, () -> {
            var target = expectation.needsRule() ? freshRule() : new Target(null);
            var call = expectation.call().apply(target);

            var response = api.send(call.method(), call.path(), user, call.body());

            int expected = expectation.allowed().contains(user) ? expectation.success() : 403;
            assertThat(response.statusCode()).as(route + " as " + user + ": " + response.body())
                    .isEqualTo(expected);
        }));
    }

    private Target freshRule() {
        String id = newRuleId("matrix");
        check(api.post("/api/v1/rules", "admin", Map.of("id", id, "reason", "matrix", "rule", rule(1.5))), 201);
        check(api.post("/api/v1/rules/" + id + "/versions", "admin", Map.of("reason", "matrix", "rule", rule(1.6))),
                201);
        check(api.post("/api/v1/rules/" + id + "/enable", "admin", Map.of("version", 1, "reason", "matrix")), 200);
        check(api.post("/api/v1/rules/" + id + "/enable", "admin", Map.of("version", 2, "reason", "matrix")), 200);
        return new Target(id);
    }

    private static void check(java.net.http.HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    static void expect(String route, Set<String> allowed, int success, boolean needsRule,
                       Function<Target, Call> call) {
        EXPECTATIONS.put(route, new Expectation(allowed, success, needsRule, call));
    }

    static String rules(Target target) {
        return "/api/v1/rules/" + target.ruleId();
    }

    static Map<String, Object> rule(double level) {
        return RulesApi.floodRule("River high", level, null, null);
    }

    static Call get(String path) {
        return new Call("GET", path, null);
    }

    static Call post(String path, Object body) {
        return new Call("POST", path, body);
    }
}
