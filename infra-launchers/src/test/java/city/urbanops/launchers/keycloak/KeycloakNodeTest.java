package city.urbanops.launchers.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.launchers.process.Supervision;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KeycloakNodeTest {

    private final KeycloakNode.Builder keycloak = KeycloakNode.builder().home(Path.of("/kc"))
            .distribution(() -> Path.of("/kc.zip")).realm("city", Path.of("/city-realm.json")).ports(8180, 9000)
            .log(Path.of("/kc.log")).supervision(Supervision.endsWithThisJvm());

    @Test
    void testsGetADevelopmentStartWithAFreshInMemoryRealm() {
        var script = keycloak.mode(KeycloakNode.Mode.DEVELOPMENT_IN_MEMORY).build().startScript();

        assertThat(script).isEqualTo("exec '/kc/bin/kc.sh' start-dev --http-port=8180 --http-management-port=9000 "
                + "--hostname=http://localhost:8180 --import-realm --db=dev-mem --health-enabled=true");
    }

    @Test
    void theLocalPlatformBuildsOnceAndThenStartsOptimizedWithItsDataKept() {
        var script = keycloak.mode(KeycloakNode.Mode.OPTIMIZED_WITH_FILE_DATABASE).build().startScript();

        assertThat(script).startsWith("if [ \"$(cat '/kc/.built' 2>/dev/null)\" != '" + KeycloakNode.BUILD_OPTIONS
                        + "' ]; then '/kc/bin/kc.sh' build --db=dev-file --health-enabled=true && echo '")
                .endsWith("exec '/kc/bin/kc.sh' start --optimized --http-enabled=true --http-port=8180 "
                        + "--http-management-port=9000 --hostname=http://localhost:8180 --import-realm");
    }
}
