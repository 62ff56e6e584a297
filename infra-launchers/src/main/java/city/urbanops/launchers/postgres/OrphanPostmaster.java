package city.urbanops.launchers.postgres;

import city.urbanops.launchers.process.PidFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A postmaster still running on our data directory after the JVM that started it was killed, or after a stop that
 * did not finish in time. The first line of {@code postmaster.pid} is its pid; it counts only if that process is alive
 * and its command line names our data directory (a stale file with a recycled pid must not kill an unrelated process).
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
        return PidFiles.readPid(dataDir.resolve("postmaster.pid"))
                .flatMap(processes::apply)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine()
                        .map(commandLine -> commandLine.contains("postgres") && commandLine.contains(dir))
                        .orElse(false));
    }

    /**
     * Fast shutdown (SIGINT) of the orphan, SIGKILL if it is still there after {@code grace}; its pid if there was one.
     * It counts as gone once {@code postmaster.pid} is removed, which PostgreSQL does last: a postmaster whose parent
     * never reaps it stays visible as a zombie.
     */
    Optional<Long> stop(Duration grace) {
        Optional<ProcessHandle> orphan = find();
        orphan.ifPresent(postmaster -> {
            try {
                // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients that will never come back.
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start()
                        .waitFor(5, TimeUnit.SECONDS);
                if (!awaitGone(postmaster, grace)) {
                    postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                    postmaster.destroyForcibly();
                }
            } catch (IOException cannotSignal) {
                postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        return orphan.map(ProcessHandle::pid);
    }

    private boolean awaitGone(ProcessHandle postmaster, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (postmaster.isAlive() && Files.exists(dataDir.resolve("postmaster.pid"))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
