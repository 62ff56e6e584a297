package city.urbanops.launchers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KafkaServerConfigTest {

    @Test
    void singleNodeKraftWithAStaticVoterAndNoAutoCreatedTopics() {
        var lines = KafkaServerConfig.lines(9092, 9093, Path.of("/repo/.local/data/kafka"), 3);

        assertThat(lines).contains("process.roles=broker,controller", "controller.quorum.voters=1@localhost:9093",
                "listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093",
                "log.dirs=/repo/.local/data/kafka", "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1", "transaction.state.log.min.isr=1");
    }

    @Test
    void topicsAreCreatedAsTheEventModelDefinesThemWithThreePartitionsOnOneBroker() {
        var registry = KafkaNode.newTopic(Topics.definition(Topics.REGISTRY_DEVICES).orElseThrow());
        var status = KafkaNode.newTopic(Topics.definition(Topics.GATEWAY_STATUS).orElseThrow());

        assertThat(registry.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(status.configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(java.time.Duration.ofDays(30).toMillis()));
        assertThat(Topics.DEFINITIONS).allSatisfy(definition -> {
            var topic = KafkaNode.newTopic(definition);
            assertThat(topic.numPartitions()).isEqualTo(3);
            assertThat(topic.replicationFactor()).isEqualTo((short) 1);
            assertThat(topic.configs()).isEqualTo(definition.configs());
        });
    }
}
