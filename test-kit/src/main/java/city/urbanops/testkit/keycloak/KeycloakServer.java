package city.urbanops.testkit.keycloak;

import city.urbanops.events.codec.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A real Keycloak (the Quarkus distribution, {@code start-dev} with an in-memory database) in a process of its own,
 * with the city realm imported; issues real tokens for tests. {@link #shared()} is one per test JVM. The process is
 * stopped on {@link #close()}, when the test JVM exits, and also when the test JVM is killed (its launcher stops
 * Keycloak when the JVM's pipe closes; a leftover is reaped by the next start).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "city";
    /** Public client with direct access grants, used by the console and the CLI. */
    public static final String CONSOLE_CLIENT = "urbanops-console";
    /** Confidential client whose service account has the integrator role. */
    public static final String INTEGRATOR_CLIENT = "urbanops-integrator";
    public static final String INTEGRATOR_SECRET = "integrator-demo-secret";
    /** Classpath location of the realm export (in platform-security). */
    public static final String REALM_RESOURCE = "keycloak/city-realm.json";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(
            Long.getLong("urbanops.keycloak.startTimeoutSeconds", 300));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final EventJson JSON = new EventJson();
    private static final String LAUNCHER = """
            #!/bin/sh
            # Runs kc.sh in a process group of its own and stops that group when the parent JVM closes our stdin
            # (which also happens when the JVM is killed), so Keycloak never outlives its test JVM.
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

    private static KeycloakServer shared;

    private final int port;
    private final Process launcher;
    private final Path log;
    private final Path pgidFile;

    private KeycloakServer(int port, Process launcher, Path log, Path pgidFile) {
        this.port = port;
        this.launcher = launcher;
        this.log = log;
        this.pgidFile = pgidFile;
    }

    /** The Keycloak shared by all tests of this JVM, started on first use with the realm from the classpath. */
    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "keycloak-shutdown"));
        }
        return shared;
    }

    /** A Keycloak of the caller's own with the city realm from the classpath; the caller closes it. */
    public static KeycloakServer start() {
        return start(realmFromClasspath());
    }

    /** A Keycloak of the caller's own importing {@code realmExport}; the caller closes it. */
    public static KeycloakServer start(Path realmExport) {
        Path runDirectory = KeycloakDistribution.cacheRoot().resolve("keycloak-run");
        try (KeycloakLock ignored = KeycloakLock.acquire(runDirectory)) {
            StaleKeycloakReaper.reap(runDirectory);
            StaleKeycloakReaper.pruneLogs(runDirectory);
            Path home = KeycloakDistribution.home();
            replaceImport(home, realmExport);
            int port = freePort();
            int managementPort = freePort();
            Path log = runDirectory.resolve("keycloak-" + port + ".log");
            Path pgidFile = StaleKeycloakReaper.pgidFile(runDirectory, port);
            Process launcher = launch(home, runDirectory, port, managementPort, log, pgidFile);
            KeycloakServer server = new KeycloakServer(port, launcher, log, pgidFile);
            try {
                server.awaitRealm(START_TIMEOUT);
            } catch (RuntimeException notReady) {
                server.close();
                throw notReady;
            }
            return server;
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The realm's issuer, for {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}. */
    public String issuerUri() {
        return baseUrl() + "/realms/" + REALM;
    }

    /** Keycloak's console output, for diagnosing a failed start. */
    public Path log() {
        return log;
    }

    /** An access token for a realm user, by direct access grant through {@link #CONSOLE_CLIENT}. */
    public String passwordToken(String username, String password) {
        return token(Map.of("grant_type", "password", "client_id", CONSOLE_CLIENT,
                "username", username, "password", password, "scope", "openid"));
    }

    /** An access token for a confidential client's service account. */
    public String clientCredentialsToken(String clientId, String clientSecret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret));
    }

    /** An access token for the integrator service account of the demo realm. */
    public String clientCredentialsToken() {
        return clientCredentialsToken(INTEGRATOR_CLIENT, INTEGRATOR_SECRET);
    }

    /** Stops Keycloak (SIGTERM to its process group, SIGKILL after 30 s) and waits until it is gone. */
    @Override
    public synchronized void close() {
        if (!launcher.isAlive()) {
            return;
        }
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
        // The launcher removes the file after stopping Keycloak; if it is still there the launcher was killed.
        StaleKeycloakReaper.killRecorded(pgidFile);
    }

    private String token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUri() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a " + form.get("grant_type") + " token: HTTP "
                        + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get("access_token").asString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak at " + baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Keycloak for a token", e);
        }
    }

    private void awaitRealm(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest discovery = HttpRequest.newBuilder(
                URI.create(issuerUri() + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start; log " + log + ":\n" + logTail());
            }
            try {
                if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Expected until Quarkus has built and bound the port.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            pause();
        }
        throw new IllegalStateException("Keycloak did not serve realm " + REALM + " within " + timeout + "; log "
                + log + ":\n" + logTail());
    }

    private static Process launch(Path home, Path runDirectory, int port, int managementPort, Path log,
                                  Path pgidFile) {
        try {
            // Replaced by rename, never rewritten in place: launchers of other JVMs may be executing it.
            Path script = runDirectory.resolve("launch-keycloak.sh");
            Path staged = runDirectory.resolve("launch-keycloak.sh." + ProcessHandle.current().pid());
            Files.writeString(staged, LAUNCHER);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(staged, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            List<String> command = new ArrayList<>(List.of(script.toString(), pgidFile.toString(),
                    home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--http-management-port=" + managementPort,
                    "--hostname=http://localhost:" + port, "--db=dev-mem", "--import-realm",
                    "--health-enabled=true"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_"));
            env.putAll(environment());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch Keycloak from " + home, e);
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        // kc.sh would otherwise size the heap from the machine's RAM; tests share a small box.
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx640m");
        return env;
    }

    // Import skips a realm that already exists, and every start uses a fresh in-memory database, so the export on
    // disk is exactly what each start imports.
    private static void replaceImport(Path home, Path realmExport) {
        Path importDirectory = home.resolve("data/import");
        try {
            KeycloakDistribution.deleteRecursively(importDirectory);
            Files.createDirectories(importDirectory);
            Files.copy(realmExport, importDirectory.resolve(REALM + "-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the realm export in " + importDirectory, e);
        }
    }

    private static Path realmFromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream realm = loader.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the classpath; the realm export lives in "
                        + "platform-security, add it as a dependency of the module under test");
            }
            Path copy = Files.createTempFile("city-realm-", ".json");
            copy.toFile().deleteOnExit();
            Files.copy(realm, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REALM_RESOURCE, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for Keycloak", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
