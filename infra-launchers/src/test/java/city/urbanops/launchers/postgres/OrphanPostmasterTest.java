package city.urbanops.launchers.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanPostmasterTest {

    @TempDir
    Path dataDir;

    private Process spawned;

    @AfterEach
    void killSpawned() {
        if (spawned != null) {
            spawned.destroyForcibly();
        }
    }

    @Test
    void livePostmasterOnOurDataDirectoryIsFoundAndStopped() throws Exception {
        spawned = spawn("postgres", "-D", dataDir.toString(), "-p", "5432");
        writePostmasterPid(spawned.pid());
        var orphan = new OrphanPostmaster(dataDir, ProcessHandle::of);

        assertThat(orphan.find()).map(ProcessHandle::pid).contains(spawned.pid());
        assertThat(orphan.stop(Duration.ofSeconds(1))).contains(spawned.pid());
        assertThat(spawned.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void processWithTheRecordedPidThatIsNotOurPostmasterIsLeftAlone() throws Exception {
        spawned = spawn("postgres", "-D", "/some/other/cluster");
        writePostmasterPid(spawned.pid());

        assertThat(new OrphanPostmaster(dataDir, ProcessHandle::of).stop(Duration.ofSeconds(1))).isEmpty();
        assertThat(spawned.isAlive()).isTrue();
    }

    @Test
    void stalePidFileOfAnEndedPostmasterNamesNoOrphan() throws IOException {
        writePostmasterPid(999_999_999L);

        assertThat(new OrphanPostmaster(dataDir, ProcessHandle::of).find()).isEmpty();
    }

    @Test
    void noPidFileMeansNoOrphan() {
        assertThat(new OrphanPostmaster(dataDir, ProcessHandle::of).find()).isEmpty();
    }

    private void writePostmasterPid(long pid) throws IOException {
        // postmaster.pid: pid, data directory, start time, port, ... one per line.
        Files.write(dataDir.resolve("postmaster.pid"), List.of(Long.toString(pid), dataDir.toString(), "1764000000", "5432"));
    }

    private static Process spawn(String... arguments) throws IOException {
        var command = new java.util.ArrayList<>(List.of("bash", "-c", "sleep 300; :"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).start();
    }
}
