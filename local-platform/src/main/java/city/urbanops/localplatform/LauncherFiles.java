package city.urbanops.localplatform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the launcher's build put beside its jar: {@code lib/} (its classpath) and {@code dist/} (Keycloak). */
record LauncherFiles(Path directory) {

    /** The directory holding the running launcher's jar, its {@code lib/} and {@code dist/}. */
    static Path ofThisLauncher() throws URISyntaxException {
        Path location = Path.of(LocalPlatform.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // The jar and target/classes both sit directly in the module's target directory.
        return location.getParent();
    }

    Path keycloakZip() {
        Path dist = directory.resolve("dist");
        try (Stream<Path> files = Files.list(dist)) {
            return files.filter(f -> f.getFileName().toString().matches("keycloak-.+\\.zip")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no keycloak-*.zip in " + dist));
        } catch (IOException e) {
            throw new IllegalStateException("no Keycloak distribution in " + dist
                    + "; build with `./mvnw install -DskipTests`", e);
        }
    }

    String keycloakVersion() {
        String name = keycloakZip().getFileName().toString();
        return name.substring("keycloak-".length(), name.length() - ".zip".length());
    }

    /**
     * The launcher's own classpath for the Kafka JVM: exactly the jars its manifest lists (a {@code lib/*} wildcard
     * would also pick up jars left in {@code lib/} by older builds).
     */
    String classpath() {
        Path self;
        try {
            self = Path.of(LocalPlatform.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(self)) {
            return System.getProperty("java.class.path");
        }
        try (var jar = new java.util.jar.JarFile(self.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            return Stream.of(classPath.trim().split("\\s+"))
                    .map(entry -> directory.resolve(entry).toString())
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's manifest", e);
        }
    }
}
