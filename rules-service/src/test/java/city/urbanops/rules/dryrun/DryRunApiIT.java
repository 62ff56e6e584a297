package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import city.urbanops.rules.management.RulesServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The dry run's REST edge on the running service: tokens from a real Keycloak, history on a real broker, rule versions
 * stored through rule management's API in a real PostgreSQL; the application context is the one every
 * {@link RulesServiceIT} shares. The history is recent, as on the live platform, where records are stamped on receipt:
 * the broker is shared with tests that stamp their records "now".
 */
class DryRunApiIT extends RulesServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EventJson JSON = new EventJson();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String WATER_RULE = "water-high-" + RUN;
    private static final String TRANSPORT_RULE = "transport-flow-" + RUN;
    private static final String DISTRICT = "dry-api-" + RUN;
    private static final Instant FROM = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
    private static Instant to;
    private static RecordedHistory history;
    private static boolean rulesStored;

    @Autowired
    private DryRunGate gate;

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
        to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @AfterAll
    static void closeHistory() {
        history.close();
    }

    @Test
    void aSupervisorSeesWhatAVersionWouldHaveRaisedBesideTheEnabledOne() {
        var response = dryRun("supervisor", WATER_RULE, 2, FROM, to);

        assertThat(response.statusCode()).isEqualTo(200);
        var result = json(response);
        assertThat(result.path("ruleId").asString()).isEqualTo(WATER_RULE);
        assertThat(Instant.parse(result.path("from").asString())).isEqualTo(FROM);
        assertThat(Instant.parse(result.path("to").asString())).isEqualTo(to);
        assertThat(result.path("candidate").path("version").asInt()).isEqualTo(2);
        assertThat(result.path("enabled").path("version").asInt()).isEqualTo(1);
        // The water level passes 2.0 m (version 1) and 2.5 m (version 2) with the same reading, 3.0 m at +60 s.
        var raised = "api-water-" + RUN + "@" + FROM.plusSeconds(60);
        for (var version : List.of("candidate", "enabled")) {
            var alerts = result.path(version).path("alerts");
            assertThat(alerts.size()).as(version).isEqualTo(1);
            assertThat(alerts.get(0).path("transition").asString()).isEqualTo("RAISED");
            assertThat(alerts.get(0).path("deviceId").asString() + "@" + alerts.get(0).path("raisedAt").asString())
                    .isEqualTo(raised);
            assertThat(result.path(version).path("raisedPerDay").path(FROM.plusSeconds(60).atZone(ZoneOffset.UTC)
                    .toLocalDate().toString()).asLong()).isEqualTo(1);
        }
        assertThat(result.path("comparison").path("bothCount").asLong()).isEqualTo(1);
        assertThat(result.path("comparison").path("both").get(0).path("conditionKey").asString())
                .isEqualTo(WATER_RULE + "/api-water-" + RUN);
        assertThat(result.path("recordsReplayed").asLong()).isEqualTo(4);
        assertThat(result.path("truncated").asBoolean()).isFalse();
    }

    @Test
    void anAnalystAndAnAdminMayDryRunToo() {
        assertThat(dryRun("analyst", WATER_RULE, 2, FROM, to).statusCode()).isEqualTo(200);
        assertThat(dryRun("admin", WATER_RULE, 1, FROM, to).statusCode()).isEqualTo(200);
    }

    @Test
    void anOperatorDryRunsRulesOfTheirDepartmentAndDoesNotSeeOthers() {
        assertThat(dryRun("operator", TRANSPORT_RULE, 1, FROM, to).statusCode()).isEqualTo(200);

        var water = dryRun("operator", WATER_RULE, 2, FROM, to);
        assertThat(water.statusCode()).isEqualTo(404);
        assertThat(json(water).path("type").asString()).isEqualTo("https://urbanops.city/problems/not-found");
    }

    @Test
    void techniciansAndIntegratorsMayNotDryRun() {
        assertThat(dryRun("technician", WATER_RULE, 2, FROM, to).statusCode()).isEqualTo(403);
        assertThat(dryRun("integrator", WATER_RULE, 2, FROM, to).statusCode()).isEqualTo(403);
    }

    @Test
    void toNotAfterFromIsRefusedNamingTo() {
        var response = dryRun("supervisor", WATER_RULE, 2, FROM, FROM);

        assertInvalid(response, "to");
    }

    @Test
    void aRangeLongerThanSevenDaysIsRefusedNamingTo() {
        var response = dryRun("supervisor", WATER_RULE, 2, to.minus(Duration.ofDays(7)).minusSeconds(1), to);

        assertInvalid(response, "to");
    }

    @Test
    void anUnknownRuleOrVersionIsNotFound() {
        assertThat(dryRun("supervisor", WATER_RULE, 9, FROM, to).statusCode()).isEqualTo(404);
        assertThat(dryRun("supervisor", "no-such-rule-" + RUN, 1, FROM, to).statusCode()).isEqualTo(404);
    }

    @Test
    void aDryRunWhileTheInstanceRunsAsManyAsAllowedIsRefusedWithRetryAfter() {
        assertThat(gate.tryEnter()).isTrue();
        try {
            var response = dryRun("supervisor", WATER_RULE, 2, FROM, to);

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

    /** The rules as a supervisor writes them through rule management: stored in PostgreSQL, versioned, enabled. */
    @BeforeEach
    void storeRules() {
        if (rulesStored) {
            return;
        }
        // Rule management checks names against the registry it reads from Kafka: wait until it knows the district.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> post("supervisor", "", rule(WATER_RULE, "water", 2.0)).statusCode() == 201);
        assertThat(post("supervisor", "/" + WATER_RULE + "/versions", version("water", 2.5)).statusCode())
                .isEqualTo(201);
        assertThat(post("supervisor", "/" + WATER_RULE + "/enable", enable(1)).statusCode()).isEqualTo(200);
        assertThat(post("supervisor", "", rule(TRANSPORT_RULE, "transport", 2.0)).statusCode()).isEqualTo(201);
        assertThat(post("supervisor", "/" + TRANSPORT_RULE + "/enable", enable(1)).statusCode()).isEqualTo(200);
        rulesStored = true;
    }

    private static String rule(String id, String department, double level) {
        return "{\"id\": \"" + id + "\", \"reason\": \"dry run test\", \"rule\": " + document(department, level) + "}";
    }

    private static String version(String department, double level) {
        return "{\"reason\": \"a higher level\", \"rule\": " + document(department, level) + "}";
    }

    private static String enable(int version) {
        return "{\"version\": " + version + ", \"reason\": \"dry run test\"}";
    }

    private static String document(String department, double level) {
        return "{\"name\": \"High water\", \"severity\": \"MAJOR\", \"recommendedAction\": \"Look\", "
                + "\"scope\": {\"departments\": [\"" + department + "\"], \"districts\": [\"" + DISTRICT + "\"]}, "
                + "\"condition\": {\"type\": \"threshold\", \"measurement\": \"water_level\", "
                + "\"direction\": \"ABOVE\", \"value\": " + level + "}}";
    }

    private HttpResponse<String> post(String user, String path, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rules" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("POST " + request.uri() + " failed", e);
        }
    }
}
