package city.urbanops.launchers.kafka;

import city.urbanops.events.TopicDefinition;
import city.urbanops.launchers.process.ChildProcess;
import city.urbanops.launchers.process.ParentWatchingMain;
import city.urbanops.launchers.process.Supervision;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka 4.1 (KRaft, broker and controller in one process) in a JVM of its own, run from a
 * classpath holding {@code kafka_2.13}'s jars. Its storage is formatted on the first start; later starts reuse its data
 * on the same ports, so it can be stopped gracefully, started again, or killed as a crash would.
 */
public final class KafkaNode {

    /** Partitions of every topic on a single broker: enough for per-key order and parallel consumers, quick to start. */
    public static final int SINGLE_NODE_PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private ChildProcess process;

    /**
     * How to run the broker.
     *
     * @param brokerPort     the client listener, {@code localhost:<brokerPort>}
     * @param controllerPort the KRaft controller listener
     * @param dataDirectory  {@code log.dirs}; formatted when it holds no {@code meta.properties}
     * @param configFile     where the generated {@code server.properties} is written
     * @param log            the broker's console output
     * @param classpath      the broker JVM's classpath: {@code kafka_2.13} with its dependencies and an SLF4J binding
     * @param heap           heap options of the broker JVM, e.g. {@code -Xmx512m}
     * @param jvmOptions     further options of the broker JVM (GC, logging configuration)
     * @param supervision    whether the broker ends with this JVM (tests) or is left for the next launcher (local)
     */
    public record Settings(int brokerPort, int controllerPort, Path dataDirectory, Path configFile, Path log,
                           String classpath, List<String> heap, List<String> jvmOptions, Supervision supervision) {

        public Settings {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(configFile, "configFile");
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(classpath, "classpath");
            Objects.requireNonNull(supervision, "supervision");
            heap = List.copyOf(heap);
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    public KafkaNode(Settings settings) {
        this.settings = settings;
    }

    public String bootstrapServers() {
        return "localhost:" + settings.brokerPort();
    }

    public Path log() {
        return settings.log();
    }

    /**
     * Starts the broker (formatting its storage first if it has none) and waits until it serves requests; a broker
     * that runs is left as it is. After {@link #stop()} or {@link #kill()} it comes back with its data.
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(settings.configFile().toAbsolutePath().getParent());
            Files.write(settings.configFile(), KafkaServerConfig.lines(settings.brokerPort(), settings.controllerPort(),
                    settings.dataDirectory(), SINGLE_NODE_PARTITIONS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.configFile(), e);
        }
        if (!Files.exists(settings.dataDirectory().resolve("meta.properties"))) {
            format();
        }
        process = ChildProcess.start("kafka", brokerCommand(), Map.of(), workDirectory(), settings.log(),
                settings.supervision());
        awaitReady();
    }

    /** Stops the broker gracefully (controlled shutdown, which flushes and closes its logs). */
    public synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    /** Kills the broker with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Admin admin() {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }

    /**
     * Creates the topics as defined, with {@link #SINGLE_NODE_PARTITIONS} partitions and replication factor 1;
     * topics that exist are kept as they are.
     */
    public void createTopics(Collection<TopicDefinition> definitions) {
        createNewTopics(definitions.stream().map(KafkaNode::newTopic).toList());
    }

    /** Creates topics; topics that exist are kept as they are. */
    public void createNewTopics(Collection<NewTopic> topics) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topics: the broker did not answer", e);
        }
    }

    /** A topic as defined, sized for this single broker. */
    public static NewTopic newTopic(TopicDefinition definition) {
        return new NewTopic(definition.name(), SINGLE_NODE_PARTITIONS, (short) 1).configs(definition.configs());
    }

    private List<String> brokerCommand() {
        var command = jvm(settings.heap());
        if (settings.supervision() instanceof Supervision.EndsWithThisJvm) {
            command.add(ParentWatchingMain.class.getName());
        }
        command.addAll(List.of("kafka.Kafka", settings.configFile().toString()));
        return command;
    }

    private List<String> jvm(List<String> heap) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (settings.supervision() instanceof Supervision.Detached detached) {
            command.add(detached.marker());
        }
        command.addAll(heap);
        command.addAll(settings.jvmOptions());
        command.addAll(List.of("-cp", absolute(settings.classpath())));
        return command;
    }

    // The broker runs in its own working directory; a classpath relative to ours (java -jar x.jar) would not resolve.
    private static String absolute(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private void format() {
        var command = jvm(List.of("-Xmx256m"));
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", settings.configFile().toString()));
        var formatter = ChildProcess.start("kafka-format", command, Map.of(), workDirectory(), settings.log(),
                settings.supervision());
        try {
            boolean ended = formatter.awaitExit(FORMAT_TIMEOUT);
            formatter.stop(Duration.ofSeconds(5));
            if (!ended || formatter.exitValue() != 0 || !Files.exists(settings.dataDirectory().resolve("meta.properties"))) {
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
                        throw new IllegalStateException("Kafka not ready after " + READY_TIMEOUT + "; see " + process.log());
                    }
                    Thread.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private Path workDirectory() {
        return settings.configFile().toAbsolutePath().getParent();
    }
}
