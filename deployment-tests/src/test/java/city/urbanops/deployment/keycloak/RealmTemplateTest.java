package city.urbanops.deployment.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.deployment.Repository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The production template of realm {@code city} has what the services rely on and nothing anyone could log in with:
 * no users, no secret, no password grant. The demo realm stays the demo.
 */
class RealmTemplateTest {

    /** Clients of the demo realm that exist only for tests and must never reach a city's realm. */
    private static final Set<String> DEMO_ONLY_CLIENTS = Set.of("urbanops-audience-probe");

    /** The services with a REST edge; each accepts tokens whose audience names it (its spring.application.name). */
    static final List<String> SERVICES = List.of("ingestion-service", "telemetry-service", "device-registry-service",
            "rules-service", "alerting-service", "operator-api", "edge-gateway");
    static final String CONSOLE = "urbanops-console";
    static final String INTEGRATOR = "urbanops-integrator";

    /** Fields of a realm representation that carry a credential; none may appear in the template, not even empty. */
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("secret", "clientSecret", "password", "bindCredential",
            "credentials", "privateKey", "certificate");

    private final RealmFile demo = RealmFile.demo();
    private final RealmFile production = RealmFile.production();

    @Test
    void bothRealmFilesDescribeRealmCity() {
        assertThat(demo.name()).isEqualTo("city");
        assertThat(production.name()).isEqualTo("city");
    }

    @Test
    void productionRealmHasNoUsers() {
        assertThat(production.json().path("users")).as("users").isEmpty();
        assertThat(production.json().path("federatedUsers")).as("federatedUsers").isEmpty();
    }

    @Test
    void productionRealmHoldsNoCredential() {
        List<String> found = new ArrayList<>();
        collectCredentials(production.json(), "$", found);

        assertThat(found).as("credential fields in " + production).isEmpty();
    }

    @Test
    void noClientOfTheProductionRealmAllowsThePasswordOrImplicitGrant() {
        assertThat(production.clients()).isNotEmpty().allSatisfy(client -> {
            String id = client.path("clientId").asString();
            assertThat(client.path("directAccessGrantsEnabled").isBoolean()).as(id + " states the password grant")
                    .isTrue();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(id + " password grant").isFalse();
            assertThat(client.path("implicitFlowEnabled").asBoolean(false)).as(id + " implicit flow").isFalse();
        });
        // Keycloak creates admin-cli with the password grant on unless the realm file brings its own.
        assertThat(production.client("admin-cli")).isPresent();
    }

    @Test
    void consoleRequiresPkceAndReturnsOnlyToTheConfiguredConsole() {
        JsonNode console = production.client(CONSOLE).orElseThrow();

        assertThat(console.path("publicClient").asBoolean()).isTrue();
        assertThat(console.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(console.path("attributes").path("pkce.code.challenge.method").asString()).isEqualTo("S256");
        List<String> redirects = new ArrayList<>();
        console.path("redirectUris").forEach(uri -> redirects.add(uri.asString()));
        assertThat(redirects).isNotEmpty().allMatch(uri -> uri.startsWith("${URBANOPS_CONSOLE_URL}/"));
        assertThat(console.path("webOrigins").toString()).doesNotContain("\"*\"", "\"+\"", "localhost");
    }

    @Test
    void integratorIsAConfidentialServiceAccountOnly() {
        JsonNode integrator = production.client(INTEGRATOR).orElseThrow();

        assertThat(integrator.path("publicClient").asBoolean()).isFalse();
        assertThat(integrator.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(integrator.path("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(integrator.has("secret")).as("a secret in git is a secret everybody knows").isFalse();
    }

    @Test
    void bruteForceProtectionLocksAnAccountAfterAFewFailures() {
        assertThat(production.json().path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(production.json().path("failureFactor").asInt()).isBetween(3, 10);
        assertThat(production.json().path("permanentLockout").asBoolean()).as("a locked account unlocks by itself")
                .isFalse();
    }

    @Test
    void passwordsHaveAtLeastTwelveCharacters() {
        assertThat(production.json().path("passwordPolicy").asString()).contains("length(12)");
    }

    @Test
    void tokensAndSessionsAreShortLived() {
        JsonNode realm = production.json();

        assertThat(seconds(realm, "accessTokenLifespan")).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(seconds(realm, "accessCodeLifespan")).isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(seconds(realm, "ssoSessionIdleTimeout")).isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(seconds(realm, "ssoSessionMaxLifespan")).isLessThanOrEqualTo(Duration.ofHours(12));
        assertThat(realm.path("revokeRefreshToken").asBoolean()).as("refresh tokens single-use").isTrue();
    }

    @Test
    void productionRealmKeepsTheDemoRealmsRolesClientsAndTokenMappers() {
        // The audience probe exists so tests can hold a genuine realm token that no service accepts; never in production.
        assertThat(production.realmRoles()).isEqualTo(demo.realmRoles());
        assertThat(production.json().path("components")).as("user profile (departments, districts)")
                .isEqualTo(demo.json().path("components"));

        for (JsonNode demoClient : demo.clients()) {
            String id = demoClient.path("clientId").asString();
            if (DEMO_ONLY_CLIENTS.contains(id)) {
                assertThat(production.client(id)).as("demo-only client " + id + " in " + production).isEmpty();
                continue;
            }
            JsonNode productionClient = production.client(id).orElseThrow(
                    () -> new AssertionError("client " + id + " of the demo realm is missing in " + production));
            assertThat(productionClient.path("publicClient")).as(id + " publicClient")
                    .isEqualTo(demoClient.path("publicClient"));
            for (JsonNode mapper : RealmFile.mappers(demoClient)) {
                Optional<JsonNode> same = RealmFile.mappers(productionClient).stream()
                        .filter(candidate -> candidate.path("name").equals(mapper.path("name"))).findFirst();
                assertThat(same).as("mapper '%s' of client %s", mapper.path("name").asString(), id).isPresent();
                assertThat(same.get().path("protocolMapper")).isEqualTo(mapper.path("protocolMapper"));
                assertThat(same.get().path("config")).as("config of mapper '%s' of client %s",
                        mapper.path("name").asString(), id).isEqualTo(mapper.path("config"));
            }
        }
    }

    @Test
    void consoleTokensAreAddressedToEveryService() {
        Set<String> audiences = RealmFile.audiences(production.client(CONSOLE).orElseThrow());

        for (String service : SERVICES) {
            assertThat(audiences).as("audiences of " + CONSOLE).contains(applicationName(service));
        }
    }

    private static String applicationName(String module) {
        Map<String, Object> configuration = Repository.yamlMap(
                Repository.file(module + "/src/main/resources/application.yml"));
        if (configuration.get("spring") instanceof Map<?, ?> spring
                && spring.get("application") instanceof Map<?, ?> application
                && application.get("name") instanceof String name) {
            return name;
        }
        throw new AssertionError(module + "'s application.yml has no spring.application.name");
    }

    private static Duration seconds(JsonNode realm, String field) {
        assertThat(realm.path(field).isNumber()).as(field + " set").isTrue();
        return Duration.ofSeconds(realm.path(field).asLong());
    }

    private static void collectCredentials(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String at = path + "." + field.getKey();
                boolean empty = field.getValue().isArray() && field.getValue().isEmpty();
                if (CREDENTIAL_FIELDS.contains(field.getKey()) && !empty) {
                    found.add(at);
                }
                collectCredentials(field.getValue(), at, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectCredentials(node.get(i), path + "[" + i + "]", found);
            }
        }
    }
}
