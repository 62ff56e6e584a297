package city.urbanops.localplatform.kafka;

import city.urbanops.events.Topics;
import city.urbanops.localplatform.LocalLayout;
import city.urbanops.localplatform.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka 4.1 (KRaft) in a JVM of its own, run from the launcher's own {@code lib/} jars, data in
 * {@code .local/data/kafka}; formats the storage on the first start and creates every topic of the event model.
 */
public final class KafkaNode {

    public static final int BROKER_PORT = 9092;
    public static final int CONTROLLER_PORT = 9093;
    public static final int PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final LocalLayout layout;
    private final String launcherClasspath;
    private final String java;
    private final Path config;
    private final Path dataDir;
    private ChildProcess process;

    public KafkaNode(LocalLayout layout, String launcherClasspath, String java) {
        this.layout = layout;
        this.launcherClasspath = launcherClasspath;
        this.java = java;
        this.config = layout.run().resolve("kafka-server.properties");
        this.dataDir = layout.data().resolve("kafka");
    }

    public String bootstrapServers() {
        return "localhost:" + BROKER_PORT;
    }

    public void start() {
        try {
            Files.write(config, KafkaServerConfig.lines(BROKER_PORT, CONTROLLER_PORT, dataDir, PARTITIONS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format();
        }
        var command = new ArrayList<>(jvm("-Xms128m", "-Xmx512m"));
        command.addAll(List.of("kafka.Kafka", config.toString()));
        process = ChildProcess.start("kafka", command, Map.of(), layout.repo(), layout.log("kafka"),
                layout.pidFile("kafka"));
        awaitReady();
        createTopics();
    }

    public void stop() {
        if (process != null) {
            // Controlled shutdown flushes and closes the log cleanly; 60 s is generous for a local broker.
            process.stop(Duration.ofSeconds(60));
            process = null;
        }
    }

    public Admin admin() {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }

    private List<String> jvm(String... heap) {
        var command = new ArrayList<>(List.of(java, layout.marker()));
        command.addAll(List.of(heap));
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", launcherClasspath));
        return command;
    }

    private void format() {
        var command = new ArrayList<>(jvm("-Xmx256m"));
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()));
        var formatter = ChildProcess.start("kafka-format", command, Map.of(), layout.repo(), layout.log("kafka"),
                layout.pidFile("kafka-format"));
        try {
            formatter.awaitExit(Duration.ofSeconds(60));
            formatter.stop(Duration.ofSeconds(5));
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                throw new IllegalStateException("formatting Kafka storage failed:%n%s".formatted(formatter.tail(20)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (var admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited while starting:%n%s".formatted(process.tail(30)));
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka not ready after " + READY_TIMEOUT + "; see "
                                + process.log());
                    }
                    Thread.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** Creates every topic of the event model; topics that exist are kept as they are. */
    private void createTopics() {
        List<NewTopic> topics = Topics.ALL.stream().map(KafkaNode::topic).toList();
        try (var admin = admin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    static NewTopic topic(String name) {
        var topic = new NewTopic(name, PARTITIONS, (short) 1);
        if (Topics.REGISTRY_DEVICES.equals(name)) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }
}
