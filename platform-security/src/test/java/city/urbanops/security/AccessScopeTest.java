package city.urbanops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class AccessScopeTest {

    @Test
    void wildcardAllowsEveryDepartmentAndDistrict() {
        AccessScope scope = AccessScope.fromToken(jwt(List.of("*"), List.of("*")));

        assertThat(scope.allows("water", "north")).isTrue();
        assertThat(scope.allows(null, null)).isTrue();
        assertThat(scope.isUnrestricted()).isTrue();
    }

    @Test
    void listedValuesAllowOnlyThemselves() {
        AccessScope scope = AccessScope.fromToken(jwt(List.of("water", "transport"), List.of("north")));

        assertThat(scope.allows("water", "north")).isTrue();
        assertThat(scope.allows("transport", "north")).isTrue();
        assertThat(scope.allows("water", "south")).isFalse();
        assertThat(scope.allows("environment", "north")).isFalse();
        assertThat(scope.allows(null, "north")).isFalse();
        assertThat(scope.isUnrestricted()).isFalse();
    }

    @Test
    void singleValuedClaimIsAccepted() {
        AccessScope scope = AccessScope.fromToken(jwt("water", "*"));

        assertThat(scope.allows("water", "anywhere")).isTrue();
        assertThat(scope.allows("transport", "anywhere")).isFalse();
    }

    @Test
    void missingClaimsAllowNothing() {
        AccessScope scope = AccessScope.fromToken(jwt(null, null));

        assertThat(scope.allows("water", "north")).isFalse();
        assertThat(scope.departments()).isEmpty();
    }

    private static Jwt jwt(Object departments, Object districts) {
        Jwt.Builder builder = Jwt.withTokenValue("token").header("alg", "RS256").subject("s")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        if (departments != null) {
            builder.claim("departments", departments);
        }
        if (districts != null) {
            builder.claim("districts", districts);
        }
        return builder.build();
    }
}
