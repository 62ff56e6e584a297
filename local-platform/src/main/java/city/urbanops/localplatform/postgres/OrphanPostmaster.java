package city.urbanops.localplatform.postgres;

import city.urbanops.localplatform.process.Leftovers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * A postmaster still running on our data directory after the launcher was killed. The first line of
 * {@code postmaster.pid} is its pid; it counts only if that process is alive and its command line names our data
 * directory (a stale file with a recycled pid must not kill an unrelated process).
 */
final class OrphanPostmaster {

    private final Path dataDir;
    private final LongFunction<Optional<ProcessHandle>> processes;

    OrphanPostmaster(Path dataDir, LongFunction<Optional<ProcessHandle>> processes) {
        this.dataDir = dataDir;
        this.processes = processes;
    }

    /** The live orphan postmaster, if there is one. */
    Optional<ProcessHandle> find() {
        String dir = dataDir.toAbsolutePath().normalize().toString();
        return Leftovers.readPid(dataDir.resolve("postmaster.pid"))
                .flatMap(processes::apply)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine()
                        .map(commandLine -> commandLine.contains("postgres") && commandLine.contains(dir))
                        .orElse(false));
    }

    /** Fast shutdown (SIGINT) of the orphan, SIGKILL after {@code grace}; its pid if there was one. */
    Optional<Long> stop(Duration grace) {
        Optional<ProcessHandle> orphan = find();
        orphan.ifPresent(postmaster -> {
            try {
                // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients that will never come back.
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start()
                        .waitFor(5, TimeUnit.SECONDS);
                postmaster.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | IOException | ExecutionException tooSlow) {
                postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        return orphan.map(ProcessHandle::pid);
    }
}
