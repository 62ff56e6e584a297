package city.urbanops.localplatform.services;

import city.urbanops.launchers.process.ChildProcess;
import city.urbanops.localplatform.LocalLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Starts services as child JVMs ({@code java -jar <module>-exec.jar}) and waits for their health to be UP. */
public final class ServiceProcesses {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    /** JVM flags sized for a 2-core laptop running the whole platform at once. */
    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+UseSerialGC",
            "-Xmx384m", "-XX:MaxMetaspaceSize=256m");

    private final LocalLayout layout;
    private final String java;
    private final Map<String, String> platformProperties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ServiceProcesses(LocalLayout layout, String java, Map<String, String> platformProperties) {
        this.layout = layout;
        this.java = java;
        this.platformProperties = platformProperties;
    }

    /** The java command line of a service: marker, JVM flags, platform settings as system properties. */
    public List<String> command(ServiceSpec service) {
        var command = new ArrayList<String>();
        command.add(java);
        command.add(layout.marker());
        command.addAll(JVM_FLAGS);
        platformProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(service.jar(layout.repo()).toString());
        command.addAll(service.extraArguments());
        return command;
    }

    public ChildProcess start(ServiceSpec service) {
        if (!Files.isRegularFile(service.jar(layout.repo()))) {
            throw new IllegalStateException(service.jar(layout.repo()) + " is missing: build with `./mvnw install -DskipTests`");
        }
        return ChildProcess.start(service.module(), command(service), Map.of(), layout.repo(),
                layout.log(service.module()), layout.pidFile(service.module()));
    }

    /** Waits until {@code /actuator/health} says UP; fails early with the log's tail if the process dies. */
    public void awaitHealthy(ServiceSpec service, ChildProcess process) {
        var request = HttpRequest.newBuilder(URI.create(service.healthUrl())).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("%s exited while starting; last lines of %s:%n%s"
                            .formatted(service.module(), process.log(), process.tail(40)));
                }
                try {
                    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && isUp(response.body())) {
                        return;
                    }
                    last = response.statusCode() + " " + abbreviate(response.body());
                } catch (IOException notYet) {
                    last = "not listening";
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("%s not healthy after %s (last: %s); see %s"
                            .formatted(service.module(), READY_TIMEOUT, last, process.log()));
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + service.module(), e);
        }
    }

    /** True if the top-level {@code status} of an actuator health document is UP. */
    static boolean isUp(String healthJson) {
        try {
            return "UP".equals(JSON.readTree(healthJson).path("status").asString(""));
        } catch (JacksonException notJson) {
            return false;
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
