package city.urbanops.deployment.compose;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.deployment.Repository;
import city.urbanops.deployment.SecretNames;
import city.urbanops.deployment.compose.ComposeFile.Interpolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml starts only with secrets of the operator's own, and exposes only what gateways must reach. */
class DockerComposeTest {

    private static final ComposeFile COMPOSE = ComposeFile.read(Repository.file("docker-compose.yml"));
    private static final String PRODUCTION_REALM = "./deploy/keycloak/city-realm.production.json";
    private static final String IMPORT_DIRECTORY = "/opt/keycloak/data/import/";
    /** Keycloak's environment placeholders; lower-case ${...} in the template are its own message keys. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    @Test
    void noSecretFallsBackToAKnownDefault() {
        List<Interpolation> secrets = COMPOSE.interpolations().stream()
                .filter(interpolation -> SecretNames.holdsSecret(interpolation.variable())).toList();

        assertThat(secrets).as("secrets docker-compose.yml reads").isNotEmpty();
        assertThat(secrets).filteredOn(interpolation -> !interpolation.required())
                .as("secrets without ${NAME:?message}: compose would start with a default or an empty value")
                .isEmpty();
    }

    @Test
    void noSecretIsWrittenIntoTheFile() {
        COMPOSE.services().forEach((name, service) -> ComposeFile.environment(service).forEach((variable, value) -> {
            if (SecretNames.holdsSecret(variable)) {
                assertThat(value).as("%s of service %s", variable, name).matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*:\\?[^}]*}");
            }
        }));
    }

    @Test
    void onlyTheMqttEndpointIsPublishedBeyondThisHost() {
        Map<String, List<String>> everywhere = new LinkedHashMap<>();
        COMPOSE.services().forEach((name, service) -> ComposeFile.ports(service).stream()
                .filter(port -> !port.startsWith("127.0.0.1:"))
                .forEach(port -> everywhere.computeIfAbsent(name, key -> new ArrayList<>()).add(port)));

        assertThat(everywhere).as("ports published on every interface").isEqualTo(Map.of("ingestion-service",
                List.of("1883:1883")));
    }

    @Test
    void infrastructureIsPublishedOnLoopbackOnly() {
        for (String infrastructure : List.of("timescaledb", "kafka", "keycloak")) {
            assertThat(ComposeFile.ports(COMPOSE.service(infrastructure))).as(infrastructure + " ports")
                    .isNotEmpty().allMatch(port -> port.startsWith("127.0.0.1:"));
        }
    }

    @Test
    void keycloakImportsTheProductionRealmTemplateAndNotTheDemoRealm() {
        Map<String, Object> keycloak = COMPOSE.service("keycloak");

        assertThat(String.valueOf(keycloak.get("command"))).contains("--import-realm");
        assertThat(ComposeFile.volumes(keycloak))
                .anyMatch(volume -> volume.startsWith(PRODUCTION_REALM + ":" + IMPORT_DIRECTORY)
                        // Keycloak's directory import reads only files named <anything>-realm.json.
                        && volume.replaceFirst(":ro$", "").endsWith("-realm.json"))
                .noneMatch(volume -> volume.contains("platform-security"));
        assertThat(Repository.file(PRODUCTION_REALM)).isRegularFile();
    }

    @Test
    void keycloakGetsEveryPlaceholderOfTheRealmTemplate() {
        Set<String> placeholders = PLACEHOLDER.matcher(Repository.read(Repository.file(PRODUCTION_REALM))).results()
                .map(match -> match.group(1)).collect(Collectors.toSet());

        assertThat(placeholders).isNotEmpty();
        assertThat(ComposeFile.environment(COMPOSE.service("keycloak")).keySet()).containsAll(placeholders);
    }

    @Test
    void envExampleListsEveryRequiredVariableWithoutItsValue() {
        Set<String> required = COMPOSE.interpolations().stream().filter(Interpolation::required)
                .map(Interpolation::variable).collect(Collectors.toSet());
        Map<String, String> example = EnvFile.read(Repository.file(".env.example"));

        assertThat(example.keySet()).as(".env.example").containsAll(required);
        assertThat(example).as("secrets in .env.example must be left empty")
                .allSatisfy((name, value) -> {
                    if (SecretNames.holdsSecret(name)) {
                        assertThat(value).as(name).isEmpty();
                    }
                });
    }

    @Test
    void theRealEnvFileStaysOutOfGitAndOutOfImages() {
        assertThat(Repository.read(Repository.file(".gitignore")).lines()).contains(".env");
        assertThat(Repository.read(Repository.file("deploy/Dockerfile.dockerignore")).lines()).contains(".env");
    }
}
