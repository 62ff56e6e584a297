package city.urbanops.testkit.kafka;

import city.urbanops.events.Topics;
import city.urbanops.launchers.kafka.KafkaNode;
import city.urbanops.launchers.process.Supervision;
import city.urbanops.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in a JVM process of its own, so tests can
 * stop it, restart it on the same port with its data, or kill it outright. It ends with the test JVM, also when that
 * is killed. Launched by {@link KafkaNode} (infra-launchers) in a fresh temporary directory on free ports.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path directory;
    private final KafkaNode node;

    private KafkaBroker(Path directory, KafkaNode node) {
        this.directory = directory;
        this.node = node;
    }

    /** Starts a broker of the caller's own, with every platform topic created as defined; the caller closes it. */
    public static KafkaBroker startDedicated() {
        Path directory;
        try {
            directory = Files.createTempDirectory("urbanops-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var node = new KafkaNode(new KafkaNode.Settings(FreePorts.next(), FreePorts.next(), directory.resolve("data"),
                directory.resolve("server.properties"), directory.resolve("kafka.log"),
                System.getProperty("java.class.path"), List.of("-Xms256m", "-Xmx1g"),
                List.of("-XX:+UseG1GC", "-Dlogback.configurationFile=urbanops-kafka-logback.xml"),
                Supervision.endsWithThisJvm()));
        var broker = new KafkaBroker(directory, node);
        node.start();
        node.createTopics(Topics.DEFINITIONS);
        return broker;
    }

    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    /** Starts (or restarts, with its data and on the same port) the broker and waits until it serves requests. */
    public void start() {
        node.start();
    }

    /** Stops the broker gracefully (controlled shutdown); {@link #start()} brings it back with its data. */
    public void stop() {
        node.stop();
    }

    /** Kills the broker process with SIGKILL, as a crash would. */
    public void kill() {
        node.kill();
    }

    public boolean isRunning() {
        return node.isRunning();
    }

    /**
     * Creates topics: a platform topic as the event model defines it, any other name with three partitions and the
     * broker's defaults. Existing topics are kept.
     */
    public void createTopics(String... names) {
        List<NewTopic> topics = Arrays.stream(names).map(name -> Topics.definition(name).map(KafkaNode::newTopic)
                .orElseGet(() -> new NewTopic(name, KafkaNode.SINGLE_NODE_PARTITIONS, (short) 1))).toList();
        node.createNewTopics(topics);
    }

    public Admin admin() {
        return node.admin();
    }

    @Override
    public void close() {
        node.stop();
        deleteQuietly(directory);
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
