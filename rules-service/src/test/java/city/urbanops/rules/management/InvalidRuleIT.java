package city.urbanops.rules.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the API refuses before anything is stored: invalid rules with their fields, unreadable and oversized bodies. */
class InvalidRuleIT extends RulesServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int TWO_MIB = 2 * 1024 * 1024;

    @Autowired
    JdbcTemplate jdbc;

    RulesApi api;

    @BeforeEach
    void setUp() {
        api = new RulesApi(baseUrl());
    }

    @Test
    void anInvalidRuleIsRefusedWithEveryFieldNamedAsAPathInTheBody() {
        String id = newRuleId("invalid");
        var rule = Map.of("name", "River high", "severity", "MAJOR",
                "scope", Map.of("districts", List.of("north", "nroth")),
                "condition", Map.of("type", "threshold", "measurement", "river_level", "direction", "ABOVE",
                        "value", 1.5));

        var response = api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "new", "rule", rule));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = RulesApi.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://urbanops.city/problems/invalid-rule");
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("rule.condition.measurement", "rule.scope.districts[1]");
        assertThat(problem.get("errors")).allSatisfy(e -> assertThat(e.get("reason").asString()).isNotBlank());
        assertThat(jdbc.queryForObject("select count(*) from rule where id = ?", Long.class, id)).isZero();
    }

    @Test
    void aDeviceTypeThatDoesNotReportTheMeasurementIsRefused() {
        var rule = RulesApi.floodRule("n", 1.5, null, null);
        var scope = Map.of("deviceTypes", List.of("door-contact"));
        var withDoors = new java.util.HashMap<>(rule);
        withDoors.put("scope", scope);

        var response = api.post("/api/v1/rules", "supervisor",
                Map.of("id", newRuleId("doors"), "reason", "new", "rule", withDoors));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RulesApi.json(response).get("errors").get(0).get("field").asString())
                .isEqualTo("rule.scope.deviceTypes[0]");
    }

    @Test
    void anInvalidNewVersionAddsNothing() {
        String id = newRuleId("badversion");
        assertThat(api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "new",
                "rule", RulesApi.floodRule("n", 1.5, null, null))).statusCode()).isEqualTo(201);

        var response = api.post("/api/v1/rules/" + id + "/versions", "supervisor",
                Map.of("reason", "worse", "rule", RulesApi.floodRule("n", 500, null, null)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RulesApi.json(response).get("errors").get(0).get("field").asString())
                .isEqualTo("rule.condition.value");
        assertThat(RulesApi.json(api.get("/api/v1/rules/" + id, "supervisor")).get("latestVersion").asInt())
                .isEqualTo(1);
    }

    @Test
    void aRuleThatIsNotAnObjectIsRefusedNamingRule() {
        var response = api.post("/api/v1/rules", "supervisor",
                Map.of("id", newRuleId("scalar"), "reason", "new", "rule", "threshold please"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RulesApi.json(response).get("errors").get(0).get("field").asString()).isEqualTo("rule");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedSayingSo() {
        for (String body : List.of("{\"id\": \"x\", \"rule\": {", "id=x&rule=threshold")) {
            var response = api.post("/api/v1/rules", "supervisor", body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            var error = RulesApi.json(response).get("errors").get(0);
            assertThat(error.get("field").asString()).as(body).isEqualTo("body");
            assertThat(error.get("reason").asString()).as(body).contains("not valid JSON");
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        var response = api.post("/api/v1/rules/any-rule/enable", "supervisor",
                Map.of("version", "latest", "reason", "x"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RulesApi.json(response).get("errors").get(0).get("field").asString()).isEqualTo("version");
    }

    @Test
    void badAndReservedIdsAreRefusedNamingId() {
        for (String id : List.of("Bad_Id", "x", "schema", "-leading")) {
            var response = api.post("/api/v1/rules", "supervisor",
                    Map.of("id", id, "reason", "new", "rule", RulesApi.floodRule("n", 1.5, null, null)));
            assertThat(response.statusCode()).as(id).isEqualTo(400);
            assertThat(RulesApi.json(response).get("errors")).extracting(e -> e.get("field").asString())
                    .as(id).contains("id");
        }
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413WithOrWithoutALength() throws Exception {
        String id = newRuleId("huge");
        String body = "{\"id\":\"" + id + "\",\"reason\":\"" + "x".repeat(TWO_MIB) + "\"}";

        var declared = post(HttpRequest.BodyPublishers.ofString(body));
        var chunked = post(chunked(body));

        for (var response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("payload-too-large");
        }
        assertThat(jdbc.queryForObject("select count(*) from rule where id = ?", Long.class, id)).isZero();
    }

    @Test
    void withoutATokenTheAnswerIs401WhateverTheSize() throws Exception {
        String body = "{\"id\":\"x\",\"reason\":\"" + "x".repeat(TWO_MIB) + "\"}";
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/rules"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void theSchemaIsServedAsJsonSchema() {
        var response = api.get("/api/v1/rules/schema", "operator");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/schema+json"));
        assertThat(RulesApi.json(response).get("$id").asString())
                .isEqualTo("https://schemas.urbanops.city/rules/rule.json");
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/rules"))
                .header("Authorization", "Bearer " + RulesApi.tokenOf("supervisor"))
                .header("Content-Type", "application/json").POST(body).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A publisher without a content length, so the client sends the body chunked. */
    private static HttpRequest.BodyPublisher chunked(String body) {
        var bytes = HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8));
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                bytes.subscribe(subscriber);
            }
        };
    }
}
