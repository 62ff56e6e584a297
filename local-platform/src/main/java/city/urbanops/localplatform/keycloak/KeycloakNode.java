package city.urbanops.localplatform.keycloak;

import city.urbanops.localplatform.LocalLayout;
import city.urbanops.localplatform.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak on port 8180 with the {@code city} realm imported from platform-security's export. The distribution is
 * unpacked once into {@code .local/keycloak-<version>}; the first start runs Keycloak's build step, later starts are
 * optimized starts that reuse it. Keycloak keeps its own (H2 file) data inside that directory.
 */
public final class KeycloakNode {

    public static final int HTTP_PORT = 8180;
    public static final int MANAGEMENT_PORT = 9000;
    public static final String ISSUER = "http://localhost:" + HTTP_PORT + "/realms/city";
    private static final String REALM_RESOURCE = "keycloak/city-realm.json";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);
    /** Build-time options; a change makes the next start rebuild. */
    private static final String BUILD_OPTIONS = "build --db=dev-file --health-enabled=true";

    private final LocalLayout layout;
    private final Path distZip;
    private final Path home;
    private final String javaHome;
    private final String adminUser;
    private final String adminPassword;
    private ChildProcess process;

    public KeycloakNode(LocalLayout layout, Path distZip, String version, String javaHome, String adminUser,
                        String adminPassword) {
        this.layout = layout;
        this.distZip = distZip;
        this.home = layout.local().resolve("keycloak-" + version);
        this.javaHome = javaHome;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** Unpacks (first time only), installs the realm export and starts Keycloak without waiting for it. */
    public void launch() {
        unpackOnce();
        installRealm();
        process = ChildProcess.start("keycloak", List.of("/bin/sh", "-c", startScript()), Map.of(
                        "JAVA_HOME", javaHome,
                        "JAVA_OPTS_APPEND", layout.marker() + " -XX:TieredStopAtLevel=1",
                        "KC_BOOTSTRAP_ADMIN_USERNAME", adminUser,
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword),
                home, layout.log("keycloak"), layout.pidFile("keycloak"));
    }

    /**
     * Keycloak's build step (Quarkus augmentation) runs once, inside the child process so the launcher does not wait
     * for it; every start after that is {@code start --optimized}, which skips it (measured here: ~12 s on an idle
     * machine, against a dev-mode start that repeats work on every start). The embedded {@code dev-file} database
     * keeps Keycloak's data in the unpacked directory; {@code --import-realm} skips a realm that already exists.
     */
    private String startScript() {
        String kc = home.resolve("bin/kc.sh").toString();
        String marker = home.resolve(".built").toString();
        String start = "exec '%s' start --optimized --http-enabled=true --http-port=%d --hostname=http://localhost:%d --import-realm"
                .formatted(kc, HTTP_PORT, HTTP_PORT);
        return "if [ \"$(cat '%s' 2>/dev/null)\" != '%s' ]; then '%s' %s && echo '%s' > '%s' || exit 1; fi; %s"
                .formatted(marker, BUILD_OPTIONS, kc, BUILD_OPTIONS, BUILD_OPTIONS, marker, start);
    }

    /** Waits until the realm's OpenID configuration is served. */
    public void awaitReady() {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var request = HttpRequest.newBuilder(URI.create(ISSUER + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited while starting:%n%s".formatted(process.tail(30)));
                }
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Keycloak not ready after " + READY_TIMEOUT + "; see " + process.log());
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
            process = null;
        }
    }

    private void unpackOnce() {
        Path done = home.resolve(".unpacked");
        if (Files.exists(done)) {
            return;
        }
        if (!Files.isRegularFile(distZip)) {
            throw new IllegalStateException("Keycloak distribution missing: " + distZip
                    + " (it is copied there by `./mvnw -pl local-platform package`)");
        }
        try (var zip = new ZipInputStream(Files.newInputStream(distZip))) {
            Path target = home.getParent();
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IllegalStateException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String script : List.of("kc.sh", "kcadm.sh", "kcreg.sh")) {
                Path file = home.resolve("bin").resolve(script);
                if (Files.exists(file)) {
                    file.toFile().setExecutable(true);
                }
            }
            Files.writeString(done, distZip.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + distZip + " into " + home, e);
        }
    }

    private void installRealm() {
        try (InputStream realm = KeycloakNode.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the launcher's classpath (platform-security)");
            }
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realm, imports.resolve("city-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the realm export", e);
        }
    }
}
