package city.urbanops.rules.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.events.Topics;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocuments;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A rule's life through the API: created, given versions, enabled, rolled back, disabled, each change audited with
 * who and why, and each change of the version in force on the rules topic as its release or a tombstone.
 */
class RuleLifecycleIT extends RulesServiceIT {

    private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);
    private final RuleDocuments documents = new RuleDocuments();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RuleCatalog catalog;

    RulesApi api;
    TopicProbe rulesTopic;

    @BeforeEach
    void setUp() {
        api = new RulesApi(baseUrl());
        rulesTopic = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.RULES);
    }

    @AfterEach
    void tearDown() {
        rulesTopic.close();
    }

    @Test
    void aNewRuleIsVersionOneAndNotEnabled() {
        String id = newRuleId("river");

        var created = create(id, 1.5);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/rules/" + id);
        var rule = RulesApi.json(created);
        assertThat(rule.get("latestVersion").asInt()).isEqualTo(1);
        assertThat(rule.get("enabledVersion").isNull()).isTrue();
        assertThat(rule.get("createdBy").asString()).isEqualTo("supervisor");
        assertThat(rule.get("latestRule").get("condition").get("value").asDouble()).isEqualTo(1.5);
        assertThat(rulesTopic.recordsAfter(Duration.ofSeconds(2))).noneMatch(r -> r.key().equals(id));
    }

    @Test
    void aDuplicateIdIsAConflict() {
        String id = newRuleId("dup");
        create(id, 1.5);

        var again = create(id, 2.0);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("exists already");
    }

    @Test
    void enablingAVersionPutsItsReleaseOnTheRulesTopic() {
        String id = newRuleId("enable");
        create(id, 1.5);
        var added = api.post("/api/v1/rules/" + id + "/versions", "supervisor",
                Map.of("reason", "too many alerts at 1.5", "rule", RulesApi.floodRule("River high", 1.8, null, null)));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.headers().firstValue("Location")).hasValue("/api/v1/rules/" + id + "/versions/2");

        var enabled = api.post("/api/v1/rules/" + id + "/enable", "admin", Map.of("version", 2, "reason", "reviewed"));

        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        assertThat(RulesApi.json(enabled).get("enabledVersion").asInt()).isEqualTo(2);
        assertThat(RulesApi.json(enabled).get("enabledRule").get("condition").get("value").asDouble()).isEqualTo(1.8);
        var release = release(awaitOne(id));
        assertThat(release.ruleId()).isEqualTo(id);
        assertThat(release.version()).isEqualTo(2);
        assertThat(release.enabledBy()).isEqualTo("admin");
        assertThat(((Condition.Threshold) release.document().condition()).value()).isEqualTo(1.8);
        assertThat(catalog.enabled(id)).hasValueSatisfying(v -> {
            assertThat(v.version()).isEqualTo(2);
            assertThat(v.reason()).isEqualTo("too many alerts at 1.5");
        });
        assertThat(catalog.version(id, 1)).hasValueSatisfying(v -> assertThat(v.author()).isEqualTo("supervisor"));
        assertThat(catalog.version(id, 3)).isEmpty();
    }

    @Test
    void disablingWritesATombstone() {
        String id = newRuleId("disable");
        create(id, 1.5);
        enable(id, 1);
        awaitOne(id);

        var disabled = api.post("/api/v1/rules/" + id + "/disable", "supervisor", Map.of("reason", "river works"));

        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(RulesApi.json(disabled).get("enabledVersion").isNull()).isTrue();
        var records = rulesTopic.awaitMatching(r -> r.key().equals(id), 2, TOPIC_WAIT);
        assertThat(records.getLast().value()).isNull();
        assertThat(catalog.enabled(id)).isEmpty();
        assertThat(api.post("/api/v1/rules/" + id + "/disable", "supervisor", Map.of("reason", "again"))
                .statusCode()).isEqualTo(409);
    }

    @Test
    void rollbackPutsBackTheVersionInForceBefore() {
        String id = newRuleId("rollback");
        create(id, 1.5);
        addVersion(id, 1.8);
        enable(id, 1);
        enable(id, 2);

        var rolledBack = api.post("/api/v1/rules/" + id + "/rollback", "supervisor", Map.of("reason", "v2 misses floods"));

        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(RulesApi.json(rolledBack).get("enabledVersion").asInt()).isEqualTo(1);
        var releases = rulesTopic.awaitMatching(r -> r.key().equals(id), 3, TOPIC_WAIT).stream()
                .map(this::release).map(RuleRelease::version).toList();
        assertThat(releases).containsExactly(1, 2, 1);
        assertThat(history(id).get(0).get("action").asString()).isEqualTo("ROLLED_BACK");
    }

    @Test
    void rollbackWithoutAnEarlierVersionInForceIsAConflictThatSaysWhy() {
        String id = newRuleId("norollback");
        create(id, 1.5);

        var whileDisabled = api.post("/api/v1/rules/" + id + "/rollback", "supervisor", Map.of("reason", "oops"));
        enable(id, 1);
        var withOnlyOne = api.post("/api/v1/rules/" + id + "/rollback", "supervisor", Map.of("reason", "oops"));

        assertThat(whileDisabled.statusCode()).isEqualTo(409);
        assertThat(RulesApi.json(whileDisabled).get("detail").asString()).contains("is disabled");
        assertThat(withOnlyOne.statusCode()).isEqualTo(409);
        assertThat(RulesApi.json(withOnlyOne).get("detail").asString()).contains("nothing to roll back to");
    }

    @Test
    void enablingAnOlderVersionIsRecordedAsARollback() {
        String id = newRuleId("older");
        create(id, 1.5);
        addVersion(id, 1.8);
        enable(id, 2);

        enable(id, 1);

        assertThat(history(id).get(0).get("action").asString()).isEqualTo("ROLLED_BACK");
        assertThat(history(id).get(0).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void enablingAVersionThatDoesNotExistNamesTheVersion() {
        String id = newRuleId("noversion");
        create(id, 1.5);

        var response = api.post("/api/v1/rules/" + id + "/enable", "supervisor", Map.of("version", 7, "reason", "x"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RulesApi.json(response).get("errors").get(0).get("field").asString()).isEqualTo("version");
    }

    @Test
    void theAuditTrailHoldsEveryChangeWithActorAndReasonNewestFirst() {
        String id = newRuleId("audit");
        create(id, 1.5);
        addVersion(id, 1.8);
        enable(id, 2);
        api.post("/api/v1/rules/" + id + "/disable", "admin", Map.of("reason", "season over"));

        var trail = history(id);

        assertThat(trail).extracting(c -> c.get("action").asString())
                .containsExactly("DISABLED", "ENABLED", "VERSION_ADDED", "CREATED");
        assertThat(trail).extracting(c -> c.get("version").asInt()).containsExactly(2, 2, 2, 1);
        assertThat(trail).extracting(c -> c.get("actor").asString())
                .containsExactly("admin", "supervisor", "supervisor", "supervisor");
        assertThat(trail).extracting(c -> c.get("reason").asString())
                .containsExactly("season over", "enable v2", "raise to 1.8", "first version");
        assertThat(trail).allSatisfy(c -> assertThat(c.get("at").isNull()).isFalse());
    }

    @Test
    void historyAndVersionsArePagedWithACursor() {
        String id = newRuleId("paged");
        create(id, 1.5);
        addVersion(id, 1.6);
        addVersion(id, 1.7);

        var first = api.get("/api/v1/rules/" + id + "/versions?limit=2", "operator");
        var next = RulesApi.json(first).get("next").asString();
        var second = api.get("/api/v1/rules/" + id + "/versions?limit=2&cursor=" + next, "operator");

        assertThat(RulesApi.json(first).get("items")).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link).contains(next));
        assertThat(RulesApi.json(second).get("items")).extracting(v -> v.get("version").asInt()).containsExactly(3);
        assertThat(RulesApi.json(second).get("next").isNull()).isTrue();
        assertThat(api.get("/api/v1/rules/" + id + "/versions?cursor=nonsense", "operator").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aVersionReadsBackAsItWasWritten() {
        String id = newRuleId("readback");
        create(id, 1.5);
        addVersion(id, 1.9);

        var version = RulesApi.json(api.get("/api/v1/rules/" + id + "/versions/2", "analyst"));

        assertThat(version.get("author").asString()).isEqualTo("supervisor");
        assertThat(version.get("reason").asString()).isEqualTo("raise to 1.9");
        assertThat(version.get("rule").get("condition").get("value").asDouble()).isEqualTo(1.9);
        assertThat(api.get("/api/v1/rules/" + id + "/versions/3", "analyst").statusCode()).isEqualTo(404);
    }

    @Test
    void versionsAreImmutableEvenInSql() {
        String id = newRuleId("immutable");
        create(id, 1.5);

        assertThatThrownBy(() -> jdbc.update("update rule_version set reason = 'rewritten' where rule_id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.update("delete from rule_version where rule_id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("immutable");
        assertThat(jdbc.queryForObject("select reason from rule_version where rule_id = ? and version = 1",
                String.class, id)).isEqualTo("first version");
    }

    @Test
    void everyChangeIsCountedByAction() {
        double before = meters.counter("urbanops.rules.changes", "action", "created").count();
        double enabledBefore = meters.counter("urbanops.rules.changes", "action", "enabled").count();
        String id = newRuleId("metered");

        create(id, 1.5);
        enable(id, 1);

        assertThat(meters.counter("urbanops.rules.changes", "action", "created").count()).isEqualTo(before + 1);
        assertThat(meters.counter("urbanops.rules.changes", "action", "enabled").count()).isEqualTo(enabledBefore + 1);
    }

    @Test
    void aChangeWithoutAReasonIsRefusedNamingReason() {
        String id = newRuleId("noreason");
        create(id, 1.5);

        var missing = api.post("/api/v1/rules/" + id + "/enable", "supervisor", Map.of("version", 1));
        var blank = api.post("/api/v1/rules/" + id + "/disable", "supervisor", Map.of("reason", " "));
        var onCreate = api.post("/api/v1/rules", "supervisor",
                Map.of("id", newRuleId("x"), "rule", RulesApi.floodRule("n", 1.5, null, null)));

        for (var response : List.of(missing, blank, onCreate)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(RulesApi.json(response).get("errors")).extracting(e -> e.get("field").asString())
                    .contains("reason");
        }
        assertThat(history(id)).hasSize(1);
    }

    private java.net.http.HttpResponse<String> create(String id, double level) {
        return api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "first version",
                "rule", RulesApi.floodRule("River high", level, null, null)));
    }

    private void addVersion(String id, double level) {
        var response = api.post("/api/v1/rules/" + id + "/versions", "supervisor",
                Map.of("reason", "raise to " + level, "rule", RulesApi.floodRule("River high", level, null, null)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private void enable(String id, int version) {
        var response = api.post("/api/v1/rules/" + id + "/enable", "supervisor",
                Map.of("version", version, "reason", "enable v" + version));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private List<JsonNode> history(String id) {
        var response = api.get("/api/v1/rules/" + id + "/history", "operator");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var items = new ArrayList<JsonNode>();
        RulesApi.json(response).get("items").forEach(items::add);
        return items;
    }

    private ConsumerRecord<String, byte[]> awaitOne(String id) {
        return rulesTopic.awaitMatching(r -> r.key().equals(id), 1, TOPIC_WAIT).getLast();
    }

    private RuleRelease release(ConsumerRecord<String, byte[]> record) {
        return documents.mapper().readValue(record.value(), RuleRelease.class);
    }
}
