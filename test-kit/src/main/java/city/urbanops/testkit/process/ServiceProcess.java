package city.urbanops.testkit.process;

import city.urbanops.launchers.process.ParentWatchingMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One UrbanOps service run as it runs in production: {@code java -jar} of its executable jar in a JVM of its own,
 * configured by properties, ready when {@code /actuator/health} answers UP. Crash tests {@link #kill()} it.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int httpPort;
    private final Map<String, String> properties;
    private final Path log;
    private List<String> jvmOptions = QUICK_START;
    private Process process;

    /** JVM options that favour start-up time over peak speed: right for tests, wrong for benchmarks. */
    public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx512m");
    /** JVM options for measuring: the full JIT, as in production. */
    public static final List<String> PRODUCTION_LIKE = List.of("-Xmx1g");

    private ServiceProcess(String name, Path jar, int httpPort, Map<String, String> properties, Path log) {
        this.name = name;
        this.jar = jar;
        this.httpPort = httpPort;
        this.properties = properties;
        this.log = log;
    }

    /** Replaces the JVM options (default {@link #QUICK_START}); call before {@link #start(Duration)}. */
    public ServiceProcess withJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * A service from its executable jar, e.g. {@code ingestion-service/target/ingestion-service-<v>-exec.jar}.
     * {@code properties} become {@code --key=value} arguments; {@code server.port} is set to {@code httpPort}.
     */
    public static ServiceProcess of(String name, Path jar, int httpPort, Map<String, String> properties) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": executable jar " + jar + " not found; run `./mvnw package` first");
        }
        var all = new LinkedHashMap<>(properties);
        all.put("server.port", Integer.toString(httpPort));
        try {
            var log = Files.createTempFile("urbanops-" + name + "-", ".log");
            return new ServiceProcess(name, jar, httpPort, Map.copyOf(all), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM and waits until the service reports UP; fails with the log's tail if it does not. */
    public synchronized ServiceProcess start(Duration timeout) {
        // The service's own launcher runs under a watchdog that ends the JVM when ours goes, even after kill -9.
        var watchdog = Path.of(ParentWatchingMain.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + watchdog,
                ParentWatchingMain.class.getName(), "org.springframework.boot.loader.launch.JarLauncher"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        awaitHealthy(timeout);
        return this;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the service gets no chance to flush or say goodbye. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(15));
            process = null;
        }
    }

    /** SIGTERM and wait: Spring's graceful shutdown. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            if (!waitForExit(Duration.ofSeconds(30))) {
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(10));
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitHealthy(Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        var health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                var response = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        throw new IllegalStateException(name + " not healthy after " + timeout + ":\n" + logTail());
    }

    /** The last lines of the service's log, for failure messages. */
    public String logTail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
