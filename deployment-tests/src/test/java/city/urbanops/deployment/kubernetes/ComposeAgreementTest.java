package city.urbanops.deployment.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.deployment.Repository;
import city.urbanops.deployment.compose.ComposeFile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes, docker-compose.yml and each service's own application.yml agree on what runs and where it listens, so
 * probes, Services and published ports reach the service under every deployment.
 */
class ComposeAgreementTest {

    private static Manifests manifests;
    private static ComposeFile compose;

    @BeforeAll
    static void read() {
        manifests = Manifests.of(Kustomization.read(Repository.file("k8s")).render());
        compose = ComposeFile.read(Repository.file("docker-compose.yml"));
    }

    @Test
    void everyDeployedServiceIsAComposeServiceOfTheSameImage() {
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Container container = mainContainer(deployment);
            assertThat(compose.services()).as("compose services").containsKey(name);

            assertThat(repository(container.getImage())).as(name + " image")
                    .isEqualTo(repository(String.valueOf(compose.service(name).get("image"))))
                    .isEqualTo("urbanops/" + name);
        }
    }

    @Test
    void everyServiceListensWhereItsConfigurationComposeAndKubernetesSay() {
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            int configured = ((Number) setting(name, "server", "port")).intValue();

            assertThat(port(mainContainer(deployment), "http")).as(name + " container port http").isEqualTo(configured);
            assertThat(ComposeFile.ports(compose.service(name))).as(name + " compose ports")
                    .contains("127.0.0.1:" + configured + ":" + configured);
            assertThat(String.valueOf(compose.service(name).get("healthcheck"))).as(name + " compose healthcheck")
                    .contains("http://localhost:" + configured + "/actuator/health/");
        }
    }

    @Test
    void theMqttEndpointListensWhereItsConfigurationComposeAndKubernetesSay() {
        int configured = ((Number) setting("ingestion-service", "urbanops", "ingestion", "mqtt", "port")).intValue();
        Deployment ingestion = manifests.deployment("ingestion-service").orElseThrow();

        assertThat(port(mainContainer(ingestion), "mqtt")).isEqualTo(configured);
        assertThat(ComposeFile.ports(compose.service("ingestion-service"))).contains(configured + ":" + configured);
    }

    @Test
    void everyServiceAnswersTheProbesTheManifestsUse() {
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();

            assertThat(setting(name, "management", "endpoint", "health", "probes", "enabled"))
                    .as(name + ": management.endpoint.health.probes.enabled (liveness and readiness groups)")
                    .isEqualTo(Boolean.TRUE);
        }
    }

    private static Container mainContainer(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> c.getName().equals(deployment.getMetadata().getName())).findFirst()
                .orElse(containers.getFirst());
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream().filter(port -> name.equals(port.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + name));
    }

    private static String repository(String image) {
        int tag = image.lastIndexOf(':');
        return tag > image.lastIndexOf('/') ? image.substring(0, tag) : image;
    }

    /** A setting of the module's own src/main/resources/application.yml, by its path of keys. */
    private static Object setting(String module, String... path) {
        Object node = Repository.yamlMap(Repository.file(module + "/src/main/resources/application.yml"));
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError(module + "'s application.yml has no " + String.join(".", path));
            }
            node = map.get(key);
        }
        return node;
    }
}
