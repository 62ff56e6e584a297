package city.urbanops.localplatform.services;

import java.nio.file.Path;
import java.util.List;

/** One Spring Boot service of the platform: its module, HTTP port, and any extra ports it listens on. */
public record ServiceSpec(String module, int port, List<Integer> extraPorts, List<String> extraArguments) {

    public static final String VERSION = "0.1.0-SNAPSHOT";

    /** The runnable jar (classifier {@code exec}) built into the module's target directory. */
    public Path jar(Path repo) {
        return repo.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
    }

    public String healthUrl() {
        return "http://localhost:" + port + "/actuator/health";
    }
}
