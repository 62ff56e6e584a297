package city.urbanops.deployment.kubernetes;

import city.urbanops.deployment.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kustomization of the kind this repository writes (plain resource files, a namespace, labels, image overrides),
 * rendered as kustomize renders those fields. Any other field is refused rather than ignored, so the checks never
 * look at something other than what {@code kubectl apply -k} would apply.
 */
record Kustomization(Path directory, String namespace, Map<String, String> labels, List<String> resources,
                     List<Map<String, Object>> images) {

    private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "namespace", "labels", "resources",
            "images");

    @SuppressWarnings("unchecked")
    static Kustomization read(Path directory) {
        Map<String, Object> file = Repository.yamlMap(directory.resolve("kustomization.yaml"));
        for (String field : file.keySet()) {
            if (!UNDERSTOOD.contains(field)) {
                throw new IllegalStateException("kustomization.yaml uses `" + field + "`, which these checks do not "
                        + "render: teach Kustomization to render it");
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map<String, Object> label : (List<Map<String, Object>>) file.getOrDefault("labels", List.of())) {
            if (Boolean.TRUE.equals(label.get("includeSelectors")) || Boolean.TRUE.equals(label.get("includeTemplates"))) {
                throw new IllegalStateException("labels with includeSelectors/includeTemplates are not rendered here");
            }
            ((Map<String, Object>) label.get("pairs")).forEach((key, value) -> labels.put(key, String.valueOf(value)));
        }
        return new Kustomization(directory, (String) file.get("namespace"), labels,
                (List<String>) file.getOrDefault("resources", List.of()),
                (List<Map<String, Object>>) file.getOrDefault("images", List.of()));
    }

    List<Path> resourceFiles() {
        return resources.stream().map(directory::resolve).toList();
    }

    /** Every object the kustomization applies, in the order of its resources. */
    List<Map<String, Object>> render() {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Path file : resourceFiles()) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("resource " + file + " is not a file");
            }
            for (Object document : Repository.yamlDocuments(Repository.read(file))) {
                objects.add(rendered(asMap(document, file)));
            }
        }
        return objects;
    }

    private Map<String, Object> rendered(Map<String, Object> object) {
        Map<String, Object> metadata = asMap(object.computeIfAbsent("metadata", key -> new LinkedHashMap<>()), null);
        boolean clusterScoped = "Namespace".equals(object.get("kind"));
        if (namespace != null && !clusterScoped) {
            metadata.put("namespace", namespace);
        }
        if (!labels.isEmpty()) {
            Map<String, Object> objectLabels = asMap(metadata.computeIfAbsent("labels", key -> new LinkedHashMap<>()), null);
            objectLabels.putAll(labels);
        }
        for (Map<String, Object> container : containers(object)) {
            container.put("image", overridden((String) container.get("image")));
        }
        return object;
    }

    private String overridden(String image) {
        for (Map<String, Object> override : images) {
            String name = (String) override.get("name");
            if (image.equals(name) || image.startsWith(name + ":") || image.startsWith(name + "@")) {
                String newName = (String) override.getOrDefault("newName", name);
                if (override.containsKey("digest")) {
                    return newName + "@" + override.get("digest");
                }
                String tag = override.containsKey("newTag") ? String.valueOf(override.get("newTag"))
                        : image.contains(":") ? image.substring(image.indexOf(':') + 1) : null;
                return tag == null ? newName : newName + ":" + tag;
            }
        }
        return image;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> object) {
        Object spec = object.get("spec");
        if (!(spec instanceof Map<?, ?> specMap) || !(specMap.get("template") instanceof Map<?, ?> template)
                || !(template.get("spec") instanceof Map<?, ?> podSpec)) {
            return List.of();
        }
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            if (podSpec.get(field) instanceof List<?> list) {
                list.forEach(container -> containers.add((Map<String, Object>) container));
            }
        }
        return containers;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, Path file) {
        if (!(value instanceof Map)) {
            throw new IllegalStateException((file != null ? file + ": " : "") + "expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }
}
