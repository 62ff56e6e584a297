package city.urbanops.launchers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.launchers.process.Supervision;
import city.urbanops.launchers.support.ChildJvm;
import city.urbanops.launchers.support.KafkaNodeHolder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaNodeIT {

    @TempDir
    Path directory;

    @Test
    void everyPlatformTopicIsCreatedAsDefinedAndKeepsItsRecordsAcrossAStopAndACrash() throws Exception {
        var node = new KafkaNode(settings(directory, freePort(), freePort()));
        try {
            node.start();
            node.createTopics(Topics.DEFINITIONS);
            assertThat(configOf(node, Topics.GATEWAY_STATUS).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configOf(node, Topics.GATEWAY_STATUS).get("retention.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
            assertThat(configOf(node, Topics.REGISTRY_DEVICES).get("cleanup.policy").value()).isEqualTo("compact");
            send(node, "before-stop");

            node.stop();
            node.start();
            send(node, "before-kill");
            node.kill();
            assertThat(node.isRunning()).isFalse();
            node.start();

            assertThat(readAll(node)).containsExactly("before-stop", "before-kill");
        } finally {
            node.stop();
        }
    }

    @Test
    void aBrokerThatEndsWithItsJvmIsGoneWhenThatJvmIsKilled() throws Exception {
        int port = freePort();
        try (var owner = ChildJvm.run(KafkaNodeHolder.class, directory.toString(), Integer.toString(port),
                Integer.toString(freePort()))) {
            long brokerPid = Long.parseLong(owner.awaitLine("broker-pid", Duration.ofMinutes(3)));
            var broker = ProcessHandle.of(brokerPid).orElseThrow();

            owner.kill();

            broker.onExit().get(60, TimeUnit.SECONDS);
            assertThat(listening(port)).isFalse();
        }
    }

    private static KafkaNode.Settings settings(Path directory, int brokerPort, int controllerPort) {
        return new KafkaNode.Settings(brokerPort, controllerPort, directory.resolve("data"),
                directory.resolve("server.properties"), directory.resolve("kafka.log"),
                System.getProperty("java.class.path"), List.of("-Xmx512m"), List.of(), Supervision.endsWithThisJvm());
    }

    private static Config configOf(KafkaNode node, String topic) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (var admin = node.admin()) {
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        }
    }

    private static void send(KafkaNode node, String value) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS, "same-key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(KafkaNode node) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "launcher-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }

    private static boolean listening(int port) {
        try (var socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
