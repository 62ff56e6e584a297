package city.urbanops.launchers.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An unpacked Keycloak Quarkus distribution ({@code bin/kc.sh} inside): unpacked once from its zip, beside the target
 * and then moved into place, so a JVM killed mid-way never leaves a half distribution that looks complete.
 */
final class KeycloakHome {

    private KeycloakHome() {
    }

    static boolean isUnpacked(Path home) {
        return Files.isRegularFile(home.resolve("bin/kc.sh"));
    }

    /** Unpacks {@code zip} into {@code home} unless a distribution is there already. */
    static void unpackOnce(Path zip, Path home) {
        if (isUnpacked(home)) {
            return;
        }
        if (zip == null || !Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution missing: " + zip + " (nothing unpacked in " + home + ")");
        }
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
                unpackedHome = top.filter(KeycloakHome::isUnpacked).findFirst()
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

    /**
     * Makes {@code realmExport} the only file in {@code data/import}: {@code --import-realm} imports it on a start
     * when the realm does not exist yet.
     */
    static void installRealm(Path home, String realm, Path realmExport) {
        Path importDirectory = home.resolve("data/import");
        try {
            deleteRecursively(importDirectory);
            Files.createDirectories(importDirectory);
            Files.copy(realmExport, importDirectory.resolve(realm + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the realm export in " + importDirectory, e);
        }
    }

    // Left by a JVM killed while unpacking; callers are the only unpacker now (start lock or one launcher).
    private static void deleteAbandonedStaging(Path home) throws IOException {
        Files.createDirectories(home.toAbsolutePath().getParent());
        try (Stream<Path> siblings = Files.list(home.toAbsolutePath().getParent())) {
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
