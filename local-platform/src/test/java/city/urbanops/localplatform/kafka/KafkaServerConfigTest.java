package city.urbanops.localplatform.kafka;

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
    void registryTopicIsCompactedAndEveryTopicHasThreePartitions() {
        assertThat(KafkaNode.topic(Topics.REGISTRY_DEVICES).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(KafkaNode.topic(Topics.TELEMETRY_STATE).configs()).isNullOrEmpty();
        assertThat(Topics.ALL).allSatisfy(name -> assertThat(KafkaNode.topic(name).numPartitions()).isEqualTo(3));
    }
}
