package city.urbanops.deployment.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a manifest into the Kubernetes API type of its apiVersion and kind (fabric8's model), refusing any field
 * the type does not have: a schema check that needs no cluster. The model keeps unknown fields in an "additional
 * properties" map by default; this parser switches that off, so {@code replica: 2} fails instead of vanishing.
 */
final class KubernetesModel {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private KubernetesModel() {
    }

    /** The object as its Kubernetes type; fails naming the object and the offending field. */
    static HasMetadata parse(Map<String, Object> manifest) {
        String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
        Class<? extends HasMetadata> model = TYPES.get(type);
        if (model == null) {
            throw new IllegalArgumentException("no model for " + type + " (" + name(manifest) + "): add its fabric8 "
                    + "type to KubernetesModel.TYPES");
        }
        try {
            return STRICT.convertValue(manifest, model);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException(type + " " + name(manifest) + " is not a valid " + model.getSimpleName()
                    + ": " + invalid.getMessage(), invalid);
        }
    }

    private static Object name(Map<String, Object> manifest) {
        return manifest.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("name") : "(no name)";
    }
}
