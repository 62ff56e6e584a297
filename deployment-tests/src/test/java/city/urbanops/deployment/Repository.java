package city.urbanops.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The files of this repository that a deployment applies, read as they are on disk. */
public final class Repository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Repository() {
    }

    /** The repository's root directory (Maven passes it; a run from an IDE in the module directory finds it too). */
    public static Path root() {
        String configured = System.getProperty("urbanops.repository.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("no docker-compose.yml in " + root + ": set urbanops.repository.root");
        }
        return root;
    }

    public static Path file(String relativePath) {
        return root().resolve(relativePath);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every YAML document in {@code text}, as plain maps and lists (merge keys resolved, no custom types). */
    public static List<Object> yamlDocuments(String text) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Object> documents = new ArrayList<>();
        for (Object document : yaml.loadAll(text)) {
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> yamlMap(Path file) {
        List<Object> documents = yamlDocuments(read(file));
        if (documents.size() != 1 || !(documents.getFirst() instanceof Map)) {
            throw new IllegalStateException(file + " is not a single YAML mapping");
        }
        return (Map<String, Object>) documents.getFirst();
    }

    public static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }
}
