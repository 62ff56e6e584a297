package city.urbanops.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry's feature packages depend on each other in one direction only: no cycle, and the shared pieces
 * ({@code web}, {@code config}, {@code outbox}) depend on no feature. Read from the sources' imports.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/city/urbanops/registry");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?city\\.urbanops\\.registry\\.(\\w+)\\.",
            Pattern.MULTILINE);

    @Test
    void featurePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();

        List<String> cycle = findCycle(dependencies);

        assertThat(cycle).as("package cycle in " + dependencies).isEmpty();
    }

    @Test
    void sharedPackagesDependOnNoFeature() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();

        assertThat(dependencies.get("lifecycle")).as("the imports were read at all").contains("device");
        assertThat(dependencies.getOrDefault("web", Set.of())).isSubsetOf("config");
        assertThat(dependencies.getOrDefault("config", Set.of())).isEmpty();
        assertThat(dependencies.getOrDefault("outbox", Set.of())).isEmpty();
        assertThat(dependencies.getOrDefault("reference", Set.of())).isSubsetOf("web", "config");
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String from = relative.getName(0).toString();
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    if (!imports.group(1).equals(from)) {
                        dependencies.computeIfAbsent(from, k -> new TreeSet<>()).add(imports.group(1));
                    }
                }
                dependencies.computeIfAbsent(from, k -> new TreeSet<>());
            }
        }
        return dependencies;
    }

    private static List<String> findCycle(Map<String, Set<String>> graph) {
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (reaches(graph, start, start, path, new TreeSet<>())) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean reaches(Map<String, Set<String>> graph, String target, String node, List<String> path,
                                   Set<String> seen) {
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(graph, target, next, path, seen))) {
                return true;
            }
        }
        path.removeLast();
        return false;
    }
}
