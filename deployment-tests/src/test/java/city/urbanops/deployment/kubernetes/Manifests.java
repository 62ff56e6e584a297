package city.urbanops.deployment.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The objects a kustomization applies, as Kubernetes types, with the relations the checks ask about. */
final class Manifests {

    private final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = objects;
    }

    static Manifests of(List<Map<String, Object>> rendered) {
        return new Manifests(rendered.stream().map(KubernetesModel::parse).toList());
    }

    List<HasMetadata> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    Optional<Deployment> deployment(String name) {
        return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst();
    }

    Optional<HorizontalPodAutoscaler> autoscalerOf(Deployment deployment) {
        return all(HorizontalPodAutoscaler.class).stream()
                .filter(hpa -> "Deployment".equals(hpa.getSpec().getScaleTargetRef().getKind())
                        && deployment.getMetadata().getName().equals(hpa.getSpec().getScaleTargetRef().getName()))
                .findFirst();
    }

    /** The fewest pods the Deployment runs when nothing is disrupted: its HPA's minimum, else its replicas. */
    int fewestPods(Deployment deployment) {
        return autoscalerOf(deployment)
                .map(hpa -> hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas())
                .orElseGet(() -> deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas());
    }

    /** The Deployments whose pods the selector matches (matchLabels; these manifests use no expressions). */
    List<Deployment> deploymentsSelectedBy(Map<String, String> matchLabels) {
        return all(Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(matchLabels.entrySet()))
                .toList();
    }

    List<Deployment> deploymentsSelectedBy(LabelSelector selector) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalStateException("matchExpressions are not evaluated here: " + selector);
        }
        return deploymentsSelectedBy(selector.getMatchLabels());
    }

    static List<Container> containers(Deployment deployment) {
        var pod = deployment.getSpec().getTemplate().getSpec();
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }
}
