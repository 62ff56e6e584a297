package city.urbanops.rules.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.rules.rule.RuleDocuments;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
    @Autowired
    RuleReleaseRelay contextRelay;

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

    @Test
    void aChangeCommitsWhileKafkaIsDownAndReachesTheTopicOnceItIsBack() {
        contextRelay.stop();
        try (var broker = KafkaBroker.startDedicated()) {
            broker.stop();
            var config = new HashMap<>(kafka.buildProducerProperties());
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            var quick = new RulesManagementProperties.Relay(Duration.ofMillis(200), null, Duration.ofSeconds(2), null,
                    null);
            var relay = new RuleReleaseRelay(outbox, rules, jdbc, new TransactionTemplate(transactions), config, quick,
                    metrics, Clock.systemUTC());
            relay.start();
            try {
                String id = newRuleId("outage");

                createAndEnable(id);

                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> unsent(id) == 1);
                broker.start();
                var release = firstRecordOf(broker.bootstrapServers(), id, Duration.ofSeconds(60));
                assertThat(new RuleDocuments().mapper().readValue(release.value(), RuleRelease.class).version())
                        .isEqualTo(1);
                await().atMost(Duration.ofSeconds(30)).until(() -> unsent(id) == 0);
            } finally {
                relay.stop();
            }
        } finally {
            contextRelay.start();
        }
    }

    private long unsent(String id) {
        return jdbc.queryForObject("select count(*) from rule_release_outbox where rule_id = ? and sent_at is null",
                Long.class, id);
    }

    /** The first record keyed {@code key} on the rules topic of the broker at {@code bootstrap}, read from the start. */
    private static ConsumerRecord<String, byte[]> firstRecordOf(String bootstrap, String key, Duration timeout) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RULES, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record keyed " + key + " on " + Topics.RULES + " within " + timeout);
    }

    private void createAndEnable(String id) {
        assertThat(api.post("/api/v1/rules", "supervisor", Map.of("id", id, "reason", "relay",
                "rule", RulesApi.floodRule("River high", 1.5, null, null))).statusCode()).isEqualTo(201);
        assertThat(api.post("/api/v1/rules/" + id + "/enable", "supervisor", Map.of("version", 1, "reason", "relay"))
                .statusCode()).isEqualTo(200);
    }
}
