package city.urbanops.launchers.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds Keycloak processes left behind by test JVMs that died without closing them (the launcher normally stops
 * Keycloak when its JVM's pipe closes; this covers the launcher being killed too) and kills their process groups.
 * Each running Keycloak has a file {@code kc-<owner JVM pid>-<port>.pgid} holding its process group id.
 */
final class StaleKeycloakReaper {

    private StaleKeycloakReaper() {
    }

    static Path pgidFile(Path runDirectory, int port) {
        return runDirectory.resolve("kc-" + ProcessHandle.current().pid() + "-" + port + ".pgid");
    }

    /** Kills every Keycloak whose owning JVM is gone; returns how many it killed. */
    static int reap(Path runDirectory) {
        int killed = 0;
        if (!Files.isDirectory(runDirectory)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDirectory, "kc-*.pgid")) {
            for (Path file : files) {
                Optional<Long> owner = ownerPid(file);
                if (owner.isPresent() && ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (killGroup(file)) {
                    killed++;
                }
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + runDirectory + " for stale Keycloak processes", e);
        }
        return killed;
    }

    /** Deletes Keycloak console logs older than a day, so the cache does not grow run after run. */
    static void pruneLogs(Path runDirectory) {
        Instant cutoff = Instant.now().minus(Duration.ofDays(1));
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(runDirectory, "keycloak-*.log")) {
            for (Path log : logs) {
                if (Files.getLastModifiedTime(log).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune Keycloak logs in " + runDirectory, e);
        }
    }

    /** Kills the Keycloak recorded in {@code pgidFile}, if it still runs, and removes the file. */
    static void killRecorded(Path pgidFile) {
        try {
            if (Files.exists(pgidFile)) {
                killGroup(pgidFile);
                Files.deleteIfExists(pgidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the Keycloak recorded in " + pgidFile, e);
        }
    }

    private static Optional<Long> ownerPid(Path file) {
        String[] parts = file.getFileName().toString().split("-");
        try {
            return Optional.of(Long.parseLong(parts[1]));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static boolean killGroup(Path file) throws IOException {
        long pgid;
        try {
            pgid = Long.parseLong(Files.readString(file).trim());
        } catch (NumberFormatException malformed) {
            return false;
        }
        // The group leader is Keycloak's JVM (kc.sh execs java); a recycled pid running something else is left alone.
        boolean isKeycloak = ProcessHandle.of(pgid)
                .filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().commandLine())
                .map(cmd -> cmd.contains("keycloak") || cmd.contains("kc.sh"))
                .orElse(false);
        if (!isKeycloak) {
            return false;
        }
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            kill.waitFor(10, TimeUnit.SECONDS);
            ProcessHandle.of(pgid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException stillAlive) {
            throw new IllegalStateException("stale Keycloak process group " + pgid + " survived SIGKILL", stillAlive);
        }
        return true;
    }
}
