package city.urbanops.deployment.compose;

import city.urbanops.deployment.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml as compose reads it: services with their environment, ports and volumes, and interpolations. */
public final class ComposeFile {

    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} ...; {@code $${...}} is a literal. */
    private static final Pattern INTERPOLATION = Pattern.compile(
            "(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}");

    private final Map<String, Object> file;

    private ComposeFile(Map<String, Object> file) {
        this.file = file;
    }

    public static ComposeFile read(Path path) {
        return new ComposeFile(Repository.yamlMap(path));
    }

    /** One {@code ${...}} in a value: the variable, its operator ({@code :-}, {@code :?}, ... or none), the rest. */
    record Interpolation(String variable, String operator, String argument, String in) {

        boolean required() {
            return operator.endsWith("?");
        }

        boolean hasDefault() {
            return operator.endsWith("-");
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) file.get("services");
    }

    public Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in docker-compose.yml");
        }
        return service;
    }

    /** The service's environment as a map, whether written as a map or as a list of NAME=value. */
    public static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((name, value) -> environment.put(String.valueOf(name), value == null ? null : String.valueOf(value)));
        } else if (declared instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                environment.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
            }
        }
        return environment;
    }

    /** Published ports in compose's short syntax ({@code [host_ip:]published:target[/protocol]}). */
    public static List<String> ports(Map<String, Object> service) {
        List<String> ports = new ArrayList<>();
        if (service.get("ports") instanceof List<?> list) {
            for (Object port : list) {
                if (!(port instanceof String text)) {
                    throw new IllegalStateException("only the short port syntax is checked here, found " + port);
                }
                ports.add(text);
            }
        }
        return ports;
    }

    public static List<String> volumes(Map<String, Object> service) {
        List<String> volumes = new ArrayList<>();
        if (service.get("volumes") instanceof List<?> list) {
            list.forEach(volume -> volumes.add(String.valueOf(volume)));
        }
        return volumes;
    }

    /** Every interpolation in every value of the file (comments are not values). */
    List<Interpolation> interpolations() {
        List<Interpolation> found = new ArrayList<>();
        collect(file, found);
        return found;
    }

    private static void collect(Object node, List<Interpolation> found) {
        switch (node) {
            case Map<?, ?> map -> map.forEach((key, value) -> {
                collect(key, found);
                collect(value, found);
            });
            case List<?> list -> list.forEach(item -> collect(item, found));
            case String text -> {
                Matcher matcher = INTERPOLATION.matcher(text);
                while (matcher.find()) {
                    found.add(new Interpolation(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2),
                            matcher.group(3) == null ? "" : matcher.group(3), text));
                }
            }
            case null, default -> {
            }
        }
    }
}
