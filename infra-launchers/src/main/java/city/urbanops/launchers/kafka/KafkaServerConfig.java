package city.urbanops.launchers.kafka;

import java.nio.file.Path;
import java.util.List;

/** The {@code server.properties} of a single-node KRaft broker (broker and controller in one process). */
final class KafkaServerConfig {

    private KafkaServerConfig() {
    }

    static List<String> lines(int brokerPort, int controllerPort, Path logDir, int partitions) {
        return List.of(
                "process.roles=broker,controller",
                "node.id=1",
                // A static voter set: formatted without --standalone (see STACK-NOTES.md).
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDir.toAbsolutePath(),
                "num.partitions=" + partitions,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "controlled.shutdown.enable=true");
    }
}
