package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.codec.EventJson;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dry run's REST edge on the running service: tokens from a real Keycloak, history on a real broker. Rule
 * versions come from {@link StoredVersions}, standing in for rule management's catalog of stored versions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DryRunApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EventJson JSON = new EventJson();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String WATER_RULE = "water-high-" + RUN;
    private static final String TRANSPORT_RULE = "transport-flow-" + RUN;
    private static final String DISTRICT = "dry-api-" + RUN;
    private static final Instant FROM = RecordedHistory.freshWindow();
    private static final Instant TO = FROM.plus(Duration.ofMinutes(10));
    private static RecordedHistory history;

    @LocalServerPort
    private int port;
    @Autowired
    private DryRunGate gate;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        var database = TestInfrastructure.postgres().createDatabase("rules_dry_run_" + ProcessHandle.current().pid());
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakServer.shared().issuerUri());
    }

    @BeforeAll
    static void recordHistory() {
        history = new RecordedHistory(TestInfrastructure.kafka().bootstrapServers());
        var water = RecordedHistory.sensor("api-water-" + RUN, "api-gw-" + RUN, "water", DISTRICT);
        var transport = RecordedHistory.sensor("api-transport-" + RUN, "api-gw-" + RUN, "transport", DISTRICT);
        history.register(water, transport);
        for (int i = 0; i < 4; i++) {
            history.reading(water.deviceId(), water.gatewayId(), FROM.plusSeconds(30L * i), 1.0 + i);
            history.reading(transport.deviceId(), transport.gatewayId(), FROM.plusSeconds(30L * i + 1), 1.0);
        }
    }

    @AfterAll
    static void closeHistory() {
        history.close();
    }

    @Test
    void aSupervisorSeesWhatAVersionWouldHaveRaisedBesideTheEnabledOne() {
        var response = dryRun("supervisor", WATER_RULE, 2, FROM, TO);

        assertThat(response.statusCode()).isEqualTo(200);
        var result = json(response);
        assertThat(result.path("ruleId").asString()).isEqualTo(WATER_RULE);
        assertThat(Instant.parse(result.path("from").asString())).isEqualTo(FROM);
        assertThat(Instant.parse(result.path("to").asString())).isEqualTo(TO);
        assertThat(result.path("candidate").path("version").asInt()).isEqualTo(2);
        assertThat(result.path("enabled").path("version").asInt()).isEqualTo(1);
        assertThat(result.path("candidate").path("alerts").isArray()).isTrue();
        assertThat(result.path("comparison").has("onlyCandidate")).isTrue();
        assertThat(result.path("recordsReplayed").asLong()).isEqualTo(4);
        assertThat(result.path("truncated").asBoolean()).isFalse();
    }

    @Test
    void anAnalystAndAnAdminMayDryRunToo() {
        assertThat(dryRun("analyst", WATER_RULE, 2, FROM, TO).statusCode()).isEqualTo(200);
        assertThat(dryRun("admin", WATER_RULE, 1, FROM, TO).statusCode()).isEqualTo(200);
    }

    @Test
    void anOperatorDryRunsRulesOfTheirDepartmentAndDoesNotSeeOthers() {
        assertThat(dryRun("operator", TRANSPORT_RULE, 1, FROM, TO).statusCode()).isEqualTo(200);

        var water = dryRun("operator", WATER_RULE, 2, FROM, TO);
        assertThat(water.statusCode()).isEqualTo(404);
        assertThat(json(water).path("type").asString()).isEqualTo("https://urbanops.city/problems/not-found");
    }

    @Test
    void techniciansAndIntegratorsMayNotDryRun() {
        assertThat(dryRun("technician", WATER_RULE, 2, FROM, TO).statusCode()).isEqualTo(403);
        assertThat(dryRun("integrator", WATER_RULE, 2, FROM, TO).statusCode()).isEqualTo(403);
    }

    @Test
    void toNotAfterFromIsRefusedNamingTo() {
        var response = dryRun("supervisor", WATER_RULE, 2, FROM, FROM);

        assertInvalid(response, "to");
    }

    @Test
    void aRangeLongerThanSevenDaysIsRefusedNamingTo() {
        var response = dryRun("supervisor", WATER_RULE, 2, TO.minus(Duration.ofDays(7)).minusSeconds(1), TO);

        assertInvalid(response, "to");
    }

    @Test
    void anUnknownRuleOrVersionIsNotFound() {
        assertThat(dryRun("supervisor", WATER_RULE, 9, FROM, TO).statusCode()).isEqualTo(404);
        assertThat(dryRun("supervisor", "no-such-rule-" + RUN, 1, FROM, TO).statusCode()).isEqualTo(404);
    }

    @Test
    void aDryRunWhileTheInstanceRunsAsManyAsAllowedIsRefusedWithRetryAfter() {
        assertThat(gate.tryEnter()).isTrue();
        try {
            var response = dryRun("supervisor", WATER_RULE, 2, FROM, TO);

            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).contains("120");
            assertThat(json(response).path("type").asString()).isEqualTo("https://urbanops.city/problems/dry-run-busy");
        } finally {
            gate.leave();
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheDryRun() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                .header("Authorization", "Bearer " + token("supervisor")).GET().build();

        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("paths").has("/api/v1/rules/{ruleId}/versions/{version}/dry-run")).isTrue();
    }

    private static void assertInvalid(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("https://urbanops.city/problems/invalid-request");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
    }

    private HttpResponse<String> dryRun(String user, String ruleId, int version, Instant from, Instant to) {
        var body = JSON.writeString(Map.of("from", from.toString(), "to", to.toString()));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rules/" + ruleId
                        + "/versions/" + version + "/dry-run"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("POST " + request.uri() + " failed", e);
        }
    }

    private static String token(String user) {
        return KeycloakServer.shared().passwordToken(user, user);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.mapper().readTree(response.body());
    }

    private static RuleRelease release(String ruleId, int version, String department) {
        var document = new RuleDocument("Rule " + ruleId, null, Severity.WARNING, "Look",
                new Scope(null, List.of(department), List.of(DISTRICT), null, null),
                new Condition.Threshold("water_level", Condition.Direction.ABOVE, 2.0 + version, null, null));
        return new RuleRelease(ruleId, version, document, Instant.parse("2026-11-01T00:00:00Z"), "supervisor");
    }

    /** Stored rule versions as rule management keeps them: two versions of a water rule, one of a transport rule. */
    @TestConfiguration
    static class StoredVersions {
        @Bean
        @Primary
        RuleVersionLookup storedVersions() {
            var versions = new ConcurrentHashMap<String, RuleRelease>();
            for (var release : List.of(release(WATER_RULE, 1, "water"), release(WATER_RULE, 2, "water"),
                    release(TRANSPORT_RULE, 1, "transport"))) {
                versions.put(release.ruleId() + "/" + release.version(), release);
            }
            var enabled = Map.of(WATER_RULE, 1, TRANSPORT_RULE, 1);
            return new RuleVersionLookup() {
                @Override
                public Optional<RuleRelease> version(String ruleId, int version) {
                    return Optional.ofNullable(versions.get(ruleId + "/" + version));
                }

                @Override
                public Optional<RuleRelease> enabled(String ruleId) {
                    return Optional.ofNullable(enabled.get(ruleId)).flatMap(version -> version(ruleId, version));
                }
            };
        }
    }
}
