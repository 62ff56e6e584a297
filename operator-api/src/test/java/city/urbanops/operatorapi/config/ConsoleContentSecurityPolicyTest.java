package city.urbanops.operatorapi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleContentSecurityPolicyTest {

    private static final String ISSUER = "https://id.city.example/realms/city";

    @Test
    void withoutATileServerImagesComeFromTheConsoleOnly() {
        assertThat(ConsoleSecurityConfiguration.contentSecurityPolicy(ISSUER, ""))
                .contains("img-src 'self' data:;")
                .contains("script-src 'self';")
                .contains("form-action 'self' https://id.city.example;");
    }

    @Test
    void aConfiguredTileServerMayServeTheMapsImagesAndNothingElse() {
        String csp = ConsoleSecurityConfiguration.contentSecurityPolicy(ISSUER,
                "https://tiles.city.example:8443/osm/{z}/{x}/{y}.png");

        assertThat(csp).contains("img-src 'self' data: https://tiles.city.example:8443;")
                .contains("script-src 'self';").contains("connect-src 'self';");
    }

    @Test
    void aSubdomainTemplateAllowsThatDomainsSubdomains() {
        assertThat(ConsoleSecurityConfiguration.contentSecurityPolicy(ISSUER,
                "https://{s}.tile.city.example/{z}/{x}/{y}.png"))
                .contains("img-src 'self' data: https://*.tile.city.example;");
    }

    @Test
    void aTileUrlThatIsNotHttpIsRefusedAtStart() {
        assertThatThrownBy(() -> ConsoleSecurityConfiguration.contentSecurityPolicy(ISSUER, "javascript:alert(1)"))
                .hasMessageContaining("not an http(s) URL");
    }
}
