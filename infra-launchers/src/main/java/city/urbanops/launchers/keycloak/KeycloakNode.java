package city.urbanops.launchers.keycloak;

import city.urbanops.launchers.process.ChildProcess;
import city.urbanops.launchers.process.Supervision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A real Keycloak from its Quarkus distribution, in a process of its own, with one realm imported from an export.
 * The distribution is unpacked once into its home directory. {@link Mode} decides between a fresh in-memory realm on
 * every start (tests) and a one-time build with data kept across starts (the local platform); {@link Supervision}
 * decides whether it ends with this JVM or is left for the next launcher to stop.
 */
public final class KeycloakNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** How Keycloak starts and where it keeps its data. */
    public enum Mode {
        /**
         * {@code kc.sh start-dev --db=dev-mem}: no separate build step, an in-memory database, so every start imports
         * the realm export afresh. For tests.
         */
        DEVELOPMENT_IN_MEMORY,
        /**
         * {@code kc.sh build --db=dev-file --health-enabled=true} once (repeated only when these options change), then
         * {@code kc.sh start --optimized}: a warm start skips the build, and Keycloak's own data (an H2 file in its
         * home) survives restarts; the realm is imported only if it does not exist. For the local platform.
         */
        OPTIMIZED_WITH_FILE_DATABASE
    }

    /** Build-time options of {@link Mode#OPTIMIZED_WITH_FILE_DATABASE}; a change makes the next start rebuild. */
    static final String BUILD_OPTIONS = "build --db=dev-file --health-enabled=true";

    private final Settings settings;
    private volatile ChildProcess detached;
    private volatile TiedKeycloakProcess tied;

    private KeycloakNode(Settings settings) {
        this.settings = settings;
    }

    private record Settings(Path home, Supplier<Path> distribution, String realm, Path realmExport, int httpPort,
                            int managementPort, Mode mode, String adminUser, String adminPassword, String javaHome,
                            String heap, String javaOptions, Path log, Supervision supervision) {
    }

    public static Builder builder() {
        return new Builder();
    }

    public String baseUrl() {
        return "http://localhost:" + settings.httpPort();
    }

    /** The realm's issuer, for {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}. */
    public String issuerUri() {
        return baseUrl() + "/realms/" + settings.realm();
    }

    /** Keycloak's console output. */
    public Path log() {
        return settings.log();
    }

    /**
     * Launches Keycloak and waits until it serves the realm, holding a lock on the run directory meanwhile, so several
     * JVMs sharing one home directory unpack and start one at a time. Stops it again if it does not become ready.
     */
    public void start(Duration timeout) {
        try (KeycloakLock ignored = KeycloakLock.acquire(runDirectory())) {
            launch();
            try {
                awaitReady(timeout);
            } catch (RuntimeException notReady) {
                stop();
                throw notReady;
            }
        }
    }

    /** Unpacks the distribution if needed, installs the realm export and starts Keycloak without waiting for it. */
    public void launch() {
        if (settings.supervision() instanceof Supervision.EndsWithThisJvm) {
            StaleKeycloakReaper.reap(runDirectory());
            StaleKeycloakReaper.pruneLogs(runDirectory());
        }
        if (!KeycloakHome.isUnpacked(settings.home())) {
            KeycloakHome.unpackOnce(settings.distribution().get(), settings.home());
        }
        KeycloakHome.installRealm(settings.home(), settings.realm(), settings.realmExport());
        var command = List.of("/bin/sh", "-c", startScript());
        switch (settings.supervision()) {
            case Supervision.EndsWithThisJvm ignored ->
                    tied = TiedKeycloakProcess.launch(runDirectory(), settings.httpPort(), command, settings.home(),
                            environment(), settings.log());
            case Supervision.Detached ignored ->
                    detached = ChildProcess.start("keycloak", command, environment(), settings.home(), settings.log(),
                            settings.supervision());
        }
    }

    /** Waits until the realm's OpenID configuration is served; fails early with the log's tail if Keycloak exits. */
    public void awaitReady(Duration timeout) {
        var discovery = HttpRequest.newBuilder(URI.create(issuerUri() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (!isAlive()) {
                    throw new IllegalStateException("Keycloak exited while starting; last lines of %s:%n%s"
                            .formatted(settings.log(), tail(40)));
                }
                try {
                    if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // Expected until Quarkus has built and bound the port.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Keycloak did not serve realm %s within %s; last lines of %s:%n%s"
                            .formatted(settings.realm(), timeout, settings.log(), tail(40)));
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    /** Stops Keycloak (SIGTERM to it and its children, SIGKILL after 30 s) and waits until it is gone. */
    public synchronized void stop() {
        if (tied != null) {
            tied.stop();
            tied = null;
        }
        if (detached != null) {
            detached.stop(STOP_GRACE);
            detached = null;
        }
    }

    private boolean isAlive() {
        var process = tied;
        if (process != null) {
            return process.isAlive();
        }
        var child = detached;
        return child != null && child.isAlive();
    }

    /**
     * The shell command that starts Keycloak. In {@link Mode#OPTIMIZED_WITH_FILE_DATABASE} the build step runs inside
     * the child process, so the launcher does not wait for it, and only when the recorded build options differ.
     */
    String startScript() {
        String kc = settings.home().resolve("bin/kc.sh").toString();
        String common = "--http-port=%d --http-management-port=%d --hostname=http://localhost:%d --import-realm"
                .formatted(settings.httpPort(), settings.managementPort(), settings.httpPort());
        return switch (settings.mode()) {
            case DEVELOPMENT_IN_MEMORY ->
                    "exec '%s' start-dev %s --db=dev-mem --health-enabled=true".formatted(kc, common);
            case OPTIMIZED_WITH_FILE_DATABASE -> {
                String marker = settings.home().resolve(".built").toString();
                yield ("if [ \"$(cat '%s' 2>/dev/null)\" != '%s' ]; then '%s' %s && echo '%s' > '%s' || exit 1; fi; "
                        + "exec '%s' start --optimized --http-enabled=true %s")
                        .formatted(marker, BUILD_OPTIONS, kc, BUILD_OPTIONS, BUILD_OPTIONS, marker, kc, common);
            }
        };
    }

    private Map<String, String> environment() {
        var env = new LinkedHashMap<String, String>();
        env.put("JAVA_HOME", settings.javaHome());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUser());
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword());
        if (settings.heap() != null) {
            // kc.sh would otherwise size the heap from the machine's RAM.
            env.put("JAVA_OPTS_KC_HEAP", settings.heap());
        }
        var append = new StringBuilder(settings.javaOptions());
        if (settings.supervision() instanceof Supervision.Detached detachedSupervision) {
            append.insert(0, detachedSupervision.marker() + " ");
        }
        if (!append.isEmpty()) {
            env.put("JAVA_OPTS_APPEND", append.toString().trim());
        }
        return env;
    }

    private Path runDirectory() {
        return runDirectory(settings.home(), settings.supervision());
    }

    /**
     * Where the start lock, the launcher script and the process-group files live: beside the home when Keycloak ends
     * with its JVM (the home may be shared by several JVMs), the launcher's run directory when detached.
     */
    private static Path runDirectory(Path home, Supervision supervision) {
        return switch (supervision) {
            case Supervision.Detached detachedSupervision -> detachedSupervision.runDirectory();
            case Supervision.EndsWithThisJvm ignored -> home.toAbsolutePath().resolveSibling("keycloak-run");
        };
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(settings.log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Where and how Keycloak runs. Home, distribution, realm, ports and supervision are required. */
    public static final class Builder {

        private Path home;
        private Supplier<Path> distribution;
        private String realm;
        private Path realmExport;
        private int httpPort;
        private int managementPort;
        private Mode mode = Mode.DEVELOPMENT_IN_MEMORY;
        private String adminUser = "admin";
        private String adminPassword = "admin";
        private String javaHome = System.getProperty("java.home");
        private String heap;
        private String javaOptions = "";
        private Path log;
        private Supervision supervision;

        private Builder() {
        }

        /** Where the distribution is (or will be) unpacked; in {@link Mode#OPTIMIZED_WITH_FILE_DATABASE} also its data. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** The distribution zip, asked for only when the home holds no distribution yet. */
        public Builder distribution(Supplier<Path> zip) {
            this.distribution = zip;
            return this;
        }

        /** The realm to import from its export, and to wait for. */
        public Builder realm(String name, Path export) {
            this.realm = name;
            this.realmExport = export;
            return this;
        }

        public Builder ports(int http, int management) {
            this.httpPort = http;
            this.managementPort = management;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** The bootstrap administrator of the master realm (default admin/admin). */
        public Builder admin(String user, String password) {
            this.adminUser = user;
            this.adminPassword = password;
            return this;
        }

        /** The JDK Keycloak runs on (default: this JVM's). */
        public Builder javaHome(String javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        /** Heap options, e.g. {@code -Xms64m -Xmx640m}; without them kc.sh sizes the heap from the machine's RAM. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** Further JVM options, appended to kc.sh's own. */
        public Builder javaOptions(String options) {
            this.javaOptions = options;
            return this;
        }

        /** Keycloak's console output; default {@code keycloak-<http port>.log} in the run directory. */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        public Builder supervision(Supervision supervision) {
            this.supervision = supervision;
            return this;
        }

        public KeycloakNode build() {
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(distribution, "distribution");
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(realmExport, "realm export");
            Objects.requireNonNull(supervision, "supervision");
            if (httpPort <= 0 || managementPort <= 0) {
                throw new IllegalStateException("Keycloak needs an HTTP port and a management port");
            }
            if (log == null) {
                log = runDirectory(home, supervision).resolve("keycloak-" + httpPort + ".log");
            }
            return new KeycloakNode(new Settings(home, distribution, realm, realmExport, httpPort, managementPort, mode,
                    adminUser, adminPassword, javaHome, heap, javaOptions, log, supervision));
        }
    }
}
