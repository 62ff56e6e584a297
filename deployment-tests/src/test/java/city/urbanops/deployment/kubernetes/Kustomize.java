package city.urbanops.deployment.kubernetes;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real kustomize, where one is installed: {@code kubectl kustomize}, or a standalone {@code kustomize}. */
final class Kustomize {

    private final List<String> command;

    private Kustomize(List<String> command) {
        this.command = command;
    }

    static Optional<Kustomize> onPath() {
        return executable("kubectl").map(kubectl -> new Kustomize(List.of(kubectl.toString(), "kustomize")))
                .or(() -> executable("kustomize").map(k -> new Kustomize(List.of(k.toString(), "build"))));
    }

    /** The kustomization in {@code directory} rendered as kustomize renders it (YAML, documents separated). */
    String render(Path directory) {
        List<String> arguments = Stream.concat(command.stream(), Stream.of(directory.toString())).toList();
        try {
            Path output = Files.createTempFile("kustomize-", ".yaml");
            Path errors = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(arguments).redirectOutput(output.toFile())
                        .redirectError(errors.toFile()).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", arguments) + " did not finish within 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", arguments) + " failed: "
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return Files.readString(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + arguments, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + arguments, e);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable).findFirst();
    }
}
