package city.urbanops.localplatform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the launcher started: its output appended to a log file, its pid in a pid file, and a stop that asks
 * politely (SIGTERM to it and its descendants) before it insists (SIGKILL).
 */
public final class ChildProcess {

    private static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"));

    private final String name;
    private final Process process;
    private final Path log;
    private final Path pidFile;
    private volatile boolean stopping;

    private ChildProcess(String name, Process process, Path log, Path pidFile) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code command} in its own session when {@code setsid} exists, so the terminal's Ctrl-C reaches only
     * the launcher, which then stops everything in order.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                                     Path log, Path pidFile) {
        var full = new ArrayList<String>();
        if (HAS_SETSID) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        var builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            Files.writeString(log, "%n=== %s starting: %s%n".formatted(java.time.Instant.now(), String.join(" ", command)),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            return new ChildProcess(name, process, log, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; true if it ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code reaction} if the process ends by itself, i.e. before {@link #stop} was called. */
    public void onUnexpectedExit(java.util.function.IntConsumer reaction) {
        process.onExit().thenAccept(ended -> {
            if (!stopping) {
                reaction.accept(ended.exitValue());
            }
        });
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left after {@code grace}. */
    public void stop(Duration grace) {
        stopping = true;
        terminate(process.toHandle(), grace);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a process tree: SIGTERM to all, wait up to {@code grace}, SIGKILL to the rest. */
    public static void terminate(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.addFirst(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            } catch (java.util.concurrent.ExecutionException impossible) {
                throw new IllegalStateException(impossible);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                tree.forEach(ProcessHandle::destroyForcibly);
                return;
            }
        }
    }

    /** The last lines of the log, to show why a process failed. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
