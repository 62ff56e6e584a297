package city.urbanops.ingestion.edge;

import city.urbanops.ingestion.config.IngestionProperties;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded HiveMQ CE broker that terminates gateways' MQTT connections, started and stopped with the
 * application. Its configuration is written to {@code conf/config.xml} under the data directory at every start.
 */
final class MqttEdge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MqttEdge.class);
    private static final long START_STOP_TIMEOUT_SECONDS = 60;

    private final IngestionProperties properties;
    private final IngestionProperties.Mqtt settings;
    private final ExtensionMain extension;
    private volatile EmbeddedHiveMQ hiveMq;
    private volatile Path root;
    private volatile boolean temporaryRoot;

    MqttEdge(IngestionProperties properties, ExtensionMain extension) {
        this.properties = properties;
        this.settings = properties.mqtt();
        this.extension = extension;
    }

    @Override
    public synchronized void start() {
        if (hiveMq != null) {
            return;
        }
        try {
            temporaryRoot = settings.dataDir() == null;
            root = temporaryRoot ? Files.createTempDirectory("urbanops-hivemq-") : settings.dataDir();
            Path conf = Files.createDirectories(root.resolve("conf"));
            Path data = Files.createDirectories(root.resolve("data"));
            Path extensions = Files.createDirectories(root.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), HiveMqConfig.render(properties));
            var broker = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId("urbanops-ingestion")
                            .withName("UrbanOps ingestion")
                            .withVersion("1")
                            .withAuthor("UrbanOps")
                            .withPriority(1000)
                            .withStartPriority(1000)
                            .withExtensionMain(extension)
                            .build())
                    // HiveMQ would otherwise replace the application's Logback configuration with its own.
                    .withoutLoggingBootstrap()
                    .build();
            broker.start().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            hiveMq = broker;
            log.info("MQTT edge listening on {}:{} (max packet {} bytes, receive maximum {}, max connections {}, "
                    + "in-flight budget {} bytes)", settings.host(), settings.port(), properties.maxPacketSize(),
                    settings.serverReceiveMaximum(), settings.maxConnections(), settings.inFlightBudget().toBytes());
            warnIfClientsCanOutgrowTheHeap();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare HiveMQ's directories under " + root, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the MQTT edge did not start on " + settings.host() + ":"
                    + settings.port(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the MQTT edge", e);
        }
    }

    /**
     * Every connection can make HiveMQ hold up to receive-maximum packets outside the in-flight budget (one arriving,
     * the others queued behind the one being handled); if all connections did so at once, would the heap hold it?
     */
    private void warnIfClientsCanOutgrowTheHeap() {
        long worstCase = (long) settings.maxConnections() * settings.serverReceiveMaximum() * properties.maxPacketSize()
                + settings.inFlightBudget().toBytes();
        long heap = Runtime.getRuntime().maxMemory();
        if (worstCase > heap * 3 / 4) {
            log.warn("MQTT clients could make this instance hold {} MB (max-connections x server-receive-maximum x "
                    + "max packet + in-flight budget) of a {} MB heap; lower urbanops.ingestion.mqtt.max-connections "
                    + "or give the JVM more heap", worstCase >> 20, heap >> 20);
        }
    }

    @Override
    public synchronized void stop() {
        var broker = hiveMq;
        if (broker == null) {
            return;
        }
        hiveMq = null;
        try {
            broker.stop().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            broker.close();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The MQTT edge did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (temporaryRoot) {
                deleteQuietly(root);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return hiveMq != null;
    }

    String host() {
        return settings.host();
    }

    int port() {
        return settings.port();
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete HiveMQ's temporary directory {}", directory, e);
        }
    }
}
