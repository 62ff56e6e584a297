package city.urbanops.testkit.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Keycloak Quarkus distribution, unpacked once per machine into {@code ~/.cache/urbanops/keycloak-<version>}
 * from the Maven artifact {@code org.keycloak:keycloak-quarkus-dist:<version>:zip} in the local repository.
 * Callers hold {@link KeycloakLock} while calling {@link #home()}, so concurrent test JVMs unpack it once.
 */
final class KeycloakDistribution {

    static final String VERSION = "26.7.3";
    private static final String GROUP_PATH = "org/keycloak/keycloak-quarkus-dist";
    private static final String ARTIFACT = "org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip";
    /** Set to a dist zip or an unpacked dist directory to use that instead of the local Maven repository's. */
    static final String DIST_PROPERTY = "urbanops.keycloak.dist";

    private KeycloakDistribution() {
    }

    /** The cache directory shared by every UrbanOps test JVM on this machine. */
    static Path cacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "urbanops");
    }

    /** The unpacked distribution's home directory ({@code bin/kc.sh} inside), unpacking it on first use. */
    static Path home() {
        String override = System.getProperty(DIST_PROPERTY, System.getenv("URBANOPS_KEYCLOAK_DIST"));
        if (override != null && Files.isDirectory(Path.of(override))) {
            return Path.of(override);
        }
        Path home = cacheRoot().resolve("keycloak-" + VERSION);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path zip = override != null ? Path.of(override) : locateOrDownloadZip();
        unpack(zip, home);
        return home;
    }

    private static Path locateOrDownloadZip() {
        Path zip = localRepository().resolve(GROUP_PATH).resolve(VERSION)
                .resolve("keycloak-quarkus-dist-" + VERSION + ".zip");
        if (Files.isRegularFile(zip)) {
            return zip;
        }
        download();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip + " even after download; run "
                    + "`./mvnw -q dependency:get -Dartifact=" + ARTIFACT + " -Dtransitive=false`");
        }
        return zip;
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    // The module pom declares the zip as a test dependency so CI fetches it; this covers IDE runs on a fresh machine.
    private static void download() {
        Path mvnw = findMavenWrapper();
        List<String> command = new ArrayList<>(List.of(mvnw.toString(), "-q", "dependency:get",
                "-Dartifact=" + ARTIFACT, "-Dtransitive=false"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        try {
            Process process = new ProcessBuilder(command).directory(mvnw.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + mvnw, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading Keycloak", e);
        }
    }

    private static Path findMavenWrapper() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("mvnw"))) {
                return dir.resolve("mvnw");
            }
        }
        throw new IllegalStateException("Keycloak distribution missing and no mvnw found above "
                + Path.of("").toAbsolutePath() + "; run `mvn dependency:get -Dartifact=" + ARTIFACT
                + " -Dtransitive=false`");
    }

    // Unpacks beside the target and moves it into place, so a JVM killed mid-way never leaves a half dist behind.
    private static void unpack(Path zip, Path home) {
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try {
            deleteAbandonedStaging(home);
            Files.createDirectories(staging);
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                for (ZipEntry entry : archive.stream().toList()) {
                    extract(archive, entry, staging);
                }
            }
            Path unpackedHome;
            try (Stream<Path> top = Files.list(staging)) {
                unpackedHome = top.filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh"))).findFirst()
                        .orElseThrow(() -> new IllegalStateException(zip + " holds no bin/kc.sh"));
            }
            try (Stream<Path> scripts = Files.list(unpackedHome.resolve("bin"))) {
                for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            deleteRecursively(home);
            try {
                Files.move(unpackedHome, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(unpackedHome, home);
            }
            deleteRecursively(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + home, e);
        }
    }

    // Left by a JVM killed while unpacking; callers hold the start lock, so no other JVM is unpacking now.
    private static void deleteAbandonedStaging(Path home) throws IOException {
        Files.createDirectories(home.getParent());
        try (Stream<Path> siblings = Files.list(home.getParent())) {
            for (Path abandoned : siblings
                    .filter(p -> p.getFileName().toString().startsWith(home.getFileName() + ".unpacking-")).toList()) {
                deleteRecursively(abandoned);
            }
        }
    }

    private static void extract(ZipFile archive, ZipEntry entry, Path target) throws IOException {
        Path destination = target.resolve(entry.getName()).normalize();
        if (!destination.startsWith(target)) {
            throw new IOException("zip entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(destination);
            return;
        }
        Files.createDirectories(destination.getParent());
        try (InputStream in = archive.getInputStream(entry)) {
            Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
