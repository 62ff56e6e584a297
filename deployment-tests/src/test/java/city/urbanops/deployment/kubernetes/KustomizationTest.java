package city.urbanops.deployment.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import city.urbanops.deployment.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@code kubectl apply -k k8s} applies is safe to apply again and again, and complete enough to run. */
class KustomizationTest {

    private static final Path K8S = Repository.file("k8s");

    private static Kustomization kustomization;
    private static Manifests manifests;

    @BeforeAll
    static void render() {
        kustomization = Kustomization.read(K8S);
        manifests = Manifests.of(kustomization.render());
    }

    @Test
    void everyListedResourceExistsAndParsesAsItsKubernetesKind() {
        for (Path file : kustomization.resourceFiles()) {
            assertThat(file).as("resource listed in kustomization.yaml").isRegularFile();
            List<Object> documents = Repository.yamlDocuments(Repository.read(file));
            assertThat(documents).as(file + " has objects").isNotEmpty();
            for (Object document : documents) {
                @SuppressWarnings("unchecked")
                Map<String, Object> manifest = (Map<String, Object>) document;
                assertThat(KubernetesModel.parse(manifest)).as(file.toString()).isNotNull();
            }
        }
        assertThat(manifests.objects()).extracting(HasMetadata::getKind)
                .contains("Namespace", "ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler");
    }

    @Test
    void aFieldItsKindDoesNotHaveIsRefused() {
        Map<String, Object> misspelled = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "typo"), "spec", Map.of("replica", 2));

        assertThatThrownBy(() -> KubernetesModel.parse(misspelled))
                .hasMessageContaining("Deployment typo").hasMessageContaining("replica");
    }

    @Test
    void kustomizeRendersExactlyWhatTheseChecksSee() {
        Optional<Kustomize> kustomize = Kustomize.onPath();
        assumeTrue(kustomize.isPresent(), "neither kubectl nor kustomize on PATH");

        List<Object> rendered = Repository.yamlDocuments(kustomize.get().render(K8S));

        assertThat(rendered).as(kustomize.get() + " k8s").containsExactlyInAnyOrderElementsOf(kustomization.render());
    }

    @Test
    void appliesNoSecret() {
        assertThat(manifests.all(Secret.class)).extracting(secret -> secret.getMetadata().getName())
                .as("Secrets applied by the kustomization").isEmpty();
        for (Path file : kustomization.resourceFiles()) {
            assertThat(Repository.read(file)).as(file.toString()).doesNotContain("CHANGE-ME");
        }
    }

    @Test
    void everySecretThePodsReadIsNamedInTheExample() {
        Set<String> described = new HashSet<>();
        for (Object document : Repository.yamlDocuments(Repository.read(K8S.resolve("examples/database-secrets.yaml")))) {
            @SuppressWarnings("unchecked")
            Secret example = (Secret) KubernetesModel.parse((Map<String, Object>) document);
            example.getStringData().keySet().forEach(key -> described.add(example.getMetadata().getName() + "/" + key));
        }

        Set<String> read = new TreeSet<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container : Manifests.containers(deployment)) {
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        var reference = variable.getValueFrom().getSecretKeyRef();
                        read.add(reference.getName() + "/" + reference.getKey());
                    }
                }
            }
        }

        assertThat(read).isNotEmpty();
        assertThat(described).as("examples/database-secrets.yaml").containsAll(read);
    }

    @Test
    void everyConfigMapKeyThePodsReadExists() {
        Map<String, Set<String>> keys = manifests.all(ConfigMap.class).stream()
                .collect(Collectors.toMap(map -> map.getMetadata().getName(), map -> map.getData().keySet()));

        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container : Manifests.containers(deployment)) {
                container.getEnvFrom().stream().filter(source -> source.getConfigMapRef() != null)
                        .forEach(source -> assertThat(keys).as(container.getName() + " envFrom")
                                .containsKey(source.getConfigMapRef().getName()));
                container.getEnv().stream()
                        .filter(variable -> variable.getValueFrom() != null
                                && variable.getValueFrom().getConfigMapKeyRef() != null)
                        .map(variable -> variable.getValueFrom().getConfigMapKeyRef())
                        .forEach(reference -> assertThat(keys.getOrDefault(reference.getName(), Set.of()))
                                .as(container.getName() + " reads " + reference.getName() + "/" + reference.getKey())
                                .contains(reference.getKey()));
            }
        }
    }

    @Test
    void leavesTheScaleToTheAutoscalerWhereOneGoverns() {
        List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
        assertThat(autoscalers).isNotEmpty();

        for (HorizontalPodAutoscaler autoscaler : autoscalers) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            assertThat(target.getKind()).isEqualTo("Deployment");
            Deployment deployment = manifests.deployment(target.getName()).orElseThrow(
                    () -> new AssertionError("HPA " + autoscaler.getMetadata().getName() + " scales a Deployment "
                            + target.getName() + " that is not applied"));
            assertThat(deployment.getSpec().getReplicas())
                    .as("replicas of %s, which HPA %s scales: every apply would reset the scale",
                            target.getName(), autoscaler.getMetadata().getName())
                    .isNull();
            assertThat(autoscaler.getSpec().getMinReplicas()).isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
        }
    }

    @Test
    void budgetsDisruptionsOnlyWhereTwoOrMorePodsRun() {
        for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
            String name = budget.getMetadata().getName();
            List<Deployment> covered = manifests.deploymentsSelectedBy(budget.getSpec().getSelector());
            assertThat(covered).as("Deployments selected by PodDisruptionBudget " + name).isNotEmpty();

            int pods = covered.stream().mapToInt(manifests::fewestPods).sum();
            assertThat(pods).as("pods covered by PodDisruptionBudget %s: with one it protects nothing or blocks "
                    + "every node drain", name).isGreaterThanOrEqualTo(2);
            assertThat(disruptionsAllowed(budget, pods)).as("disruptions PodDisruptionBudget %s allows", name)
                    .isBetween(1, pods - 1);
        }
    }

    @Test
    void everyContainerHasResourcesAndActuatorProbesOnItsOwnPort() {
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String what = deployment.getMetadata().getName() + "/" + container.getName();
                var resources = container.getResources();
                assertThat(resources).as(what + " resources").isNotNull();
                assertThat(resources.getRequests()).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(resources.getLimits()).as(what + " limits").containsKey("memory");

                assertActuatorProbe(what + " liveness", container.getLivenessProbe(), container,
                        "/actuator/health/liveness");
                assertActuatorProbe(what + " readiness", container.getReadinessProbe(), container,
                        "/actuator/health/readiness");
                if (container.getStartupProbe() != null) {
                    assertActuatorProbe(what + " startup", container.getStartupProbe(), container,
                            "/actuator/health/liveness");
                }
            }
        }
    }

    @Test
    void everyServiceSelectsPodsAndAPortTheyOpen() {
        for (Service service : manifests.all(Service.class)) {
            String name = service.getMetadata().getName();
            List<Deployment> selected = manifests.deploymentsSelectedBy(service.getSpec().getSelector());
            assertThat(selected).as("Deployments behind Service " + name).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Deployment deployment : selected) {
                    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
                    assertThat(containerPort(container, port.getTargetPort()))
                            .as("Service %s port %s targets %s in %s", name, port.getName(), port.getTargetPort(),
                                    deployment.getMetadata().getName())
                            .isPresent();
                }
            }
        }
    }

    @Test
    void everyWorkloadSelectsItsOwnPods() {
        for (Deployment deployment : manifests.all(Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .as("pod labels of " + deployment.getMetadata().getName())
                    .containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet());
        }
    }

    private static int disruptionsAllowed(PodDisruptionBudget budget, int pods) {
        IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
        IntOrString minAvailable = budget.getSpec().getMinAvailable();
        if (maxUnavailable != null) {
            return absolute(maxUnavailable, pods);
        }
        return minAvailable == null ? pods : pods - absolute(minAvailable, pods);
    }

    // Kubernetes rounds a percentage up for both fields.
    private static int absolute(IntOrString value, int pods) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        double share = Double.parseDouble(value.getStrVal().replace("%", "")) / 100 * pods;
        return (int) Math.ceil(share);
    }

    private static void assertActuatorProbe(String what, Probe probe, Container container, String path) {
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what + " path").isEqualTo(path);
        assertThat(containerPort(container, get.getPort())).as(what + " port " + get.getPort()).isPresent();
    }

    static Optional<ContainerPort> containerPort(Container container, IntOrString port) {
        return container.getPorts().stream()
                .filter(candidate -> port.getIntVal() != null
                        ? port.getIntVal().equals(candidate.getContainerPort())
                        : port.getStrVal().equals(candidate.getName()))
                .findFirst();
    }
}
