package city.urbanops.testkit.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the test kit's Keycloak comes from: the Maven artifact {@code org.keycloak:keycloak-quarkus-dist:<version>:zip}
 * in the local repository (fetched with the Maven wrapper if missing), unpacked once per machine into
 * {@code ~/.cache/urbanops/keycloak-<version>} by the launcher; or a zip or unpacked directory named by
 * {@code -Durbanops.keycloak.dist} / {@code URBANOPS_KEYCLOAK_DIST}.
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

    /** The home directory to run Keycloak from: an unpacked override, or the shared cache's. */
    static Path home() {
        return override().filter(Files::isDirectory).orElse(cacheRoot().resolve("keycloak-" + VERSION));
    }

    /** The zip to unpack into {@link #home()}; asked for only when nothing is unpacked there yet. */
    static Path zip() {
        return override().filter(Files::isRegularFile).orElseGet(KeycloakDistribution::locateOrDownloadZip);
    }

    private static Optional<Path> override() {
        return Optional.ofNullable(System.getProperty(DIST_PROPERTY, System.getenv("URBANOPS_KEYCLOAK_DIST")))
                .map(Path::of);
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

    // The module poms declare the zip as a test dependency so CI fetches it; this covers IDE runs on a fresh machine.
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
}
