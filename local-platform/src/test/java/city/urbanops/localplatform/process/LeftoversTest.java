package city.urbanops.localplatform.process;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.launchers.process.PidFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {

    @TempDir
    Path local;

    private Process ours;
    private Process stranger;

    @AfterEach
    void killSpawned() {
        for (Process process : new Process[] {ours, stranger}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void liveProcessWhoseCommandLineNamesOurDirectoryIsALeftoverAndGetsStopped() throws Exception {
        Path run = Files.createDirectories(local.resolve("run"));
        ours = spawnSleeper("-Durbanops.local=" + local);
        Files.writeString(run.resolve("telemetry-service.pid"), Long.toString(ours.pid()));

        var stopped = Leftovers.of(run, local.toString()).stopAll(List.of("launcher.pid"), Duration.ofSeconds(5));

        assertThat(stopped).extracting(leftover -> leftover.process().pid()).containsExactly(ours.pid());
        assertThat(ours.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(run.resolve("telemetry-service.pid")).doesNotExist();
    }

    @Test
    void recycledPidOfAnUnrelatedProcessIsLeftAlone() throws Exception {
        Path run = Files.createDirectories(local.resolve("run"));
        stranger = spawnSleeper("-Dsomething.else=/elsewhere");
        Files.writeString(run.resolve("kafka.pid"), Long.toString(stranger.pid()));

        var stopped = Leftovers.of(run, local.toString()).stopAll(List.of(), Duration.ofSeconds(5));

        assertThat(stopped).isEmpty();
        assertThat(stranger.isAlive()).isTrue();
        assertThat(run.resolve("kafka.pid")).doesNotExist();
    }

    @Test
    void deadOrMalformedPidFilesNameNoLeftover() throws IOException {
        Path run = Files.createDirectories(local.resolve("run"));
        Files.writeString(run.resolve("dead.pid"), "999999999");
        Files.writeString(run.resolve("garbage.pid"), "not a pid");

        assertThat(Leftovers.of(run, local.toString()).find(List.of())).isEmpty();
        assertThat(PidFiles.readPid(run.resolve("garbage.pid"))).isEmpty();
        assertThat(PidFiles.readPid(run.resolve("missing.pid"))).isEmpty();
    }

    @Test
    void launcherPidFileIsNotTreatedAsALeftover() throws Exception {
        Path run = Files.createDirectories(local.resolve("run"));
        ours = spawnSleeper("-Durbanops.local=" + local);
        Files.writeString(run.resolve("launcher.pid"), Long.toString(ours.pid()));

        assertThat(Leftovers.of(run, local.toString()).find(List.of("launcher.pid"))).isEmpty();
    }

    /** A shell that sleeps with {@code marker} as an argument on its command line (the trailing ':' stops exec). */
    static Process spawnSleeper(String... arguments) throws IOException {
        var command = new java.util.ArrayList<>(List.of("bash", "-c", "sleep 300; :"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).start();
    }
}
