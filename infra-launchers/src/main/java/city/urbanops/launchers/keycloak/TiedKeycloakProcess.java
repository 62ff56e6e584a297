package city.urbanops.launchers.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keycloak that ends with the JVM that started it, even when that JVM is killed. kc.sh forks a JVM of its own, so a
 * Java watchdog cannot be put in front of it: a small shell launcher runs it in a process group of its own and
 * stops that group when our pipe on its standard input closes. Its process group id is kept in
 * {@code kc-<owner pid>-<port>.pgid}, so {@link StaleKeycloakReaper} can stop it if the launcher itself was killed.
 */
final class TiedKeycloakProcess {

    private static final String LAUNCHER = """
            #!/bin/sh
            # Runs kc.sh in a process group of its own and stops that group when the parent JVM closes our stdin
            # (which also happens when the JVM is killed), so Keycloak never outlives its JVM.
            pidfile="$1"; shift
            setsid "$@" &
            kc=$!
            echo "$kc" > "$pidfile"
            stop() {
              kill -TERM "-$kc" 2>/dev/null
              timeout 30 tail --pid="$kc" -f /dev/null || kill -KILL "-$kc" 2>/dev/null
              rm -f "$pidfile"
              exit 0
            }
            trap stop TERM INT HUP
            # Background jobs get /dev/null as stdin unless redirected explicitly, hence fd 3.
            exec 3<&0
            cat <&3 > /dev/null &
            parent_pipe=$!
            # Keycloak exiting on its own ends the launcher too, so the JVM sees the failure at once.
            ( tail --pid="$kc" -f /dev/null; kill "$parent_pipe" 2>/dev/null ) &
            wait "$parent_pipe"
            stop
            """;

    private final Process launcher;
    private final Path pgidFile;

    private TiedKeycloakProcess(Process launcher, Path pgidFile) {
        this.launcher = launcher;
        this.pgidFile = pgidFile;
    }

    static TiedKeycloakProcess launch(Path runDirectory, int port, List<String> command, Path workDirectory,
                                      Map<String, String> environment, Path log) {
        try {
            Files.createDirectories(runDirectory);
            // Replaced by rename, never rewritten in place: launchers of other JVMs may be executing it.
            Path script = runDirectory.resolve("launch-keycloak.sh");
            Path staged = runDirectory.resolve("launch-keycloak.sh." + ProcessHandle.current().pid());
            Files.writeString(staged, LAUNCHER);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(staged, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path pgidFile = StaleKeycloakReaper.pgidFile(runDirectory, port);
            var full = new ArrayList<>(List.of(script.toString(), pgidFile.toString()));
            full.addAll(command);
            var builder = new ProcessBuilder(full).directory(workDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            var env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_"));
            env.putAll(environment);
            return new TiedKeycloakProcess(builder.start(), pgidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch Keycloak from " + workDirectory, e);
        }
    }

    boolean isAlive() {
        return launcher.isAlive();
    }

    /** Closes the launcher's pipe, which stops Keycloak's process group, and waits until it is gone. */
    void stop() {
        if (launcher.isAlive()) {
            try {
                launcher.getOutputStream().close();
                if (!launcher.waitFor(45, TimeUnit.SECONDS)) {
                    launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                    launcher.destroyForcibly();
                    launcher.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The launcher removes the file after stopping Keycloak; if it is still there the launcher was killed.
        StaleKeycloakReaper.killRecorded(pgidFile);
    }
}
