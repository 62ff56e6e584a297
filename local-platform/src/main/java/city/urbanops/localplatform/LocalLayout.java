package city.urbanops.localplatform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local platform keeps its state, all under {@code <repo>/.local}: {@code data/} (Kafka, PostgreSQL),
 * {@code logs/} (one file per process), {@code run/} (pid files and generated configuration).
 */
public record LocalLayout(Path repo, Path local, Path data, Path logs, Path run) {

    public static LocalLayout under(Path repo) {
        Path root = repo.toAbsolutePath().normalize();
        Path local = root.resolve(".local");
        return new LocalLayout(root, local, local.resolve("data"), local.resolve("logs"), local.resolve("run"));
    }

    public LocalLayout create() {
        try {
            Files.createDirectories(data);
            Files.createDirectories(logs);
            Files.createDirectories(run);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + local, e);
        }
    }

    public Path log(String name) {
        return logs.resolve(name + ".log");
    }

    public Path pidFile(String name) {
        return run.resolve(name + ".pid");
    }

    /** Put on every child's command line, so a later start can tell our leftovers from other processes. */
    public String marker() {
        return "-Durbanops.local=" + local;
    }
}
