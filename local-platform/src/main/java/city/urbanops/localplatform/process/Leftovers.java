package city.urbanops.localplatform.process;

import city.urbanops.launchers.process.ChildProcess;
import city.urbanops.launchers.process.PidFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * Processes a previous launcher left behind (it was {@code kill -9}ed, so its shutdown hook never ran). A pid file
 * names the process; it counts as ours only if it is alive and its command line mentions our {@code .local}
 * directory, so a recycled pid of an unrelated process is never touched.
 */
public final class Leftovers {

    /** A live process of a previous launcher, from the pid file {@code pidFile}. */
    public record Leftover(Path pidFile, ProcessHandle process, String commandLine) {
    }

    private final Path runDir;
    private final String ownMarker;
    private final LongFunction<Optional<ProcessHandle>> processes;

    public Leftovers(Path runDir, String ownMarker, LongFunction<Optional<ProcessHandle>> processes) {
        this.runDir = runDir;
        this.ownMarker = ownMarker;
        this.processes = processes;
    }

    public static Leftovers of(Path runDir, String ownMarker) {
        return new Leftovers(runDir, ownMarker, ProcessHandle::of);
    }

    /** The live process named by {@code pidFile} if it is one of ours. */
    public Optional<Leftover> read(Path pidFile) {
        Optional<Long> pid = PidFiles.readPid(pidFile);
        return pid.flatMap(processes::apply)
                .filter(ProcessHandle::isAlive)
                .flatMap(handle -> handle.info().commandLine()
                        .filter(commandLine -> commandLine.contains(ownMarker))
                        .map(commandLine -> new Leftover(pidFile, handle, commandLine)));
    }

    /** Every live leftover named by a pid file in the run directory, except the files listed in {@code except}. */
    public List<Leftover> find(List<String> except) {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        var found = new ArrayList<Leftover>();
        try (Stream<Path> files = Files.list(runDir)) {
            files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .filter(file -> !except.contains(file.getFileName().toString()))
                    .sorted()
                    .forEach(file -> read(file).ifPresent(found::add));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Stops every leftover (all at once, each with its descendants) and removes the stale pid files, except the
     * files listed in {@code except}.
     */
    public List<Leftover> stopAll(List<String> except, Duration grace) {
        List<Leftover> leftovers = find(except);
        leftovers.parallelStream().forEach(leftover -> ChildProcess.terminate(leftover.process(), grace));
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .filter(f -> !except.contains(f.getFileName().toString())).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return leftovers;
    }

    /** Like {@link #stopAll} but only for the pid files named in {@code only}. */
    public List<Leftover> stopOnly(List<String> only, Duration grace) {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runDir)) {
            List<String> others = files.map(f -> f.getFileName().toString()).filter(n -> !only.contains(n)).toList();
            return stopAll(others, grace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
