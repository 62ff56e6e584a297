package city.urbanops.localplatform.services;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.localplatform.LocalLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessesTest {

    @Test
    void serviceRunsItsExecJarWithMarkerModestFlagsAndPlatformSettings() {
        var layout = LocalLayout.under(Path.of("/repo"));
        var services = new ServiceProcesses(layout, "/jdk/bin/java",
                Map.of("spring.kafka.bootstrap-servers", "localhost:9092"));

        var command = services.command(new ServiceSpec("telemetry-service", 8082, List.of(), List.of("--x=y")));

        assertThat(command.getFirst()).isEqualTo("/jdk/bin/java");
        assertThat(command).contains("-Durbanops.local=/repo/.local", "-XX:+UseSerialGC", "-Xmx384m",
                "-Dspring.kafka.bootstrap-servers=localhost:9092");
        assertThat(command).endsWith("-jar", "/repo/telemetry-service/target/telemetry-service-0.1.0-SNAPSHOT-exec.jar",
                "--x=y");
    }

    @Test
    void healthIsUpOnlyWhenTheTopLevelStatusSaysSo() {
        assertThat(ServiceProcesses.isUp("{\"groups\":[\"liveness\"],\"status\":\"UP\"}")).isTrue();
        assertThat(ServiceProcesses.isUp("{\"components\":{\"kafka\":{\"status\":\"UP\"}},\"status\":\"DOWN\"}")).isFalse();
        assertThat(ServiceProcesses.isUp("<html>")).isFalse();
    }
}
