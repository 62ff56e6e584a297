package city.urbanops.launchers.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * A process a launcher started: its output appended to a log file, its lifetime tied to the launcher as its
 * {@link Supervision} says, and a stop that asks politely (SIGTERM to it and its descendants) before it insists
 * (SIGKILL).
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
     * Starts {@code command} under {@code supervision}. {@link Supervision.EndsWithThisJvm} keeps a pipe from this JVM
     * on the child's standard input (the child must watch it, e.g. through {@link ParentWatchingMain});
     * {@link Supervision.Detached} starts it in its own session when {@code setsid} exists, with {@code /dev/null} as
     * standard input, and writes its pid file.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                                     Path log, Supervision supervision) {
        return switch (supervision) {
            case Supervision.EndsWithThisJvm ignored -> launch(name, command, environment, workDir, log, null);
            case Supervision.Detached detached -> launch(name, command, environment, workDir, log,
                    detached.pidFile(name));
        };
    }

    /**
     * Starts {@code command} detached: in its own session when {@code setsid} exists, so the terminal's Ctrl-C reaches
     * only the launcher, which then stops everything in order; its pid goes to {@code pidFile}.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                                     Path log, Path pidFile) {
        return launch(name, command, environment, workDir, log, Objects.requireNonNull(pidFile, "pidFile"));
    }

    // A pid file means detached; none means the child ends with this JVM.
    private static ChildProcess launch(String name, List<String> command, Map<String, String> environment,
                                       Path workDir, Path log, Path pidFile) {
        boolean detached = pidFile != null;
        var full = new ArrayList<String>();
        if (detached && HAS_SETSID) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        var builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (detached) {
            builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "%n=== %s starting: %s%n".formatted(Instant.now(), String.join(" ", command)),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.start();
            if (detached) {
                Files.writeString(pidFile, Long.toString(process.pid()));
            }
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

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to end; true if it ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code of a process that has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Runs {@code reaction} if the process ends by itself, i.e. before {@link #stop} or {@link #kill} was called. */
    public void onUnexpectedExit(IntConsumer reaction) {
        process.onExit().thenAccept(ended -> {
            if (!stopping) {
                reaction.accept(ended.exitValue());
            }
        });
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left after {@code grace}. */
    public void stop(Duration grace) {
        stopping = true;
        terminate(process.toHandle(), grace);
        deletePidFile();
    }

    /** SIGKILL to the process and its descendants, as a crash would; waits until they are gone. */
    public void kill() {
        stopping = true;
        var tree = new ArrayList<>(process.toHandle().descendants().toList());
        tree.addFirst(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitGone(tree, Duration.ofSeconds(10));
        deletePidFile();
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
            } catch (TimeoutException stillRunning) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            } catch (ExecutionException impossible) {
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
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void awaitGone(List<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException survivedSigkill) {
                throw new IllegalStateException("process " + handle.pid() + " survived SIGKILL", survivedSigkill);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void deletePidFile() {
        if (pidFile == null) {
            return;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
