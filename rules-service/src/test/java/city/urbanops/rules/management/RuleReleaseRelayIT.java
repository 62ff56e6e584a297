package city.urbanops.rules.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.rules.rule.RuleDocuments;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay from the outbox to the rules topic: rows are marked sent once Kafka has them, and a relay that starts
 * queues the state of every rule again, so the topic converges even when it lost what was sent before.
 */
class RuleReleaseRelayIT extends RulesServiceIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuleReleaseOutbox outbox;
    @Autowired
    RuleRepository rules;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    KafkaProperties kafka;
    @Autowired
    RulesManagementProperties properties;
    @Autowired
    RuleMetrics metrics;
    @Autowired
    MeterRegistry meters;

    RulesApi api;

    @BeforeEach
    void setUp() {
        api = new RulesApi(baseUrl());
    }

    @Test
    void aReleaseIsMarkedSentOnceOnTheTopicAndTheGaugesFollow() {
        String id = newRuleId("sent");
        createAndEnable(id);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("select count(*) from rule_release_outbox where rule_id = ? "
                    + "and sent_at is not null", Long.class, id)).isEqualTo(1);
            assertThat(meters.get("urbanops.rules.enabled").gauge().value())
                    .isEqualTo((double) rules.countEnabled());
            assertThat(meters.get("urbanops.rules.relay.unsent").gauge().value()).isZero();
        });
    }

    @Test
    void aStartingRelayRepublishesEveryEnabledRuleAndTombstonesDisabledOnes() {
        String enabled = newRuleId("republish");
        String disabled = newRuleId("retomb");
        createAndEnable(enabled);
        createAndEnable(disabled);
        assertThat(api.post("/api/v1/rules/" + disabled + "/disable", "supervisor", Map.of("reason", "off"))
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.unsentCount() == 0);

        try (var topic = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.RULES)) {
            var restarted = new RuleReleaseRelay(outbox, rules, jdbc, new TransactionTemplate(transactions),
                    kafka.buildProducerProperties(), properties.relay(), metrics, Clock.systemUTC());
            restarted.start();
            try {
                var again = topic.awaitMatching(r -> r.key().equals(enabled), 1, Duration.ofSeconds(30)).getFirst();
                var tombstone = topic.awaitMatching(r -> r.key().equals(disabled), 1, Duration.ofSeconds(30))
                        .getFirst();

                var release = new RuleDocuments().mapper().readValue(again.value(), RuleRelease.class);
                assertThat(release.version()).isEqualTo(1);
                assertThat(release.enabledBy()).isEqualTo("supervisor");
                assertThat(tombstone.value()).isNull();
            } finally {
                restarted.stop();
            }
        }
    }

    private void createAndEnable(String id) {
        assertThat(api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "relay",
                "rule", RulesApi.floodRule("River high", 1.5, null, null))).statusCode()).isEqualTo(201);
        assertThat(api.post("/api/v1/rules/" + id + "/enable", "supervisor", Map.of("version", 1, "reason", "relay"))
                .statusCode()).isEqualTo(200);
    }
}
