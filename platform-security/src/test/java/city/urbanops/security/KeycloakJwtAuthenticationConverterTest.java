package city.urbanops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class KeycloakJwtAuthenticationConverterTest {

    private final KeycloakJwtAuthenticationConverter converter = new KeycloakJwtAuthenticationConverter();

    @Test
    void everyPlatformRealmRoleBecomesItsRoleAuthority() {
        Jwt jwt = jwt(Map.of("realm_access", Map.of("roles",
                List.of("operator", "supervisor", "technician", "integrator", "analyst", "admin"))),
                "preferred_username", "alice");

        assertThat(converter.convert(jwt).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_SUPERVISOR", "ROLE_TECHNICIAN",
                        "ROLE_INTEGRATOR", "ROLE_ANALYST", "ROLE_ADMIN");
    }

    @Test
    void keycloakHousekeepingRolesGrantNothing() {
        Jwt jwt = jwt(Map.of("realm_access", Map.of("roles",
                List.of("offline_access", "uma_authorization", "default-roles-city"))), "preferred_username", "bob");

        assertThat(converter.convert(jwt).getAuthorities()).isEmpty();
    }

    @Test
    void tokenWithoutRealmAccessGrantsNothing() {
        assertThat(converter.convert(jwt(Map.of(), "preferred_username", "carol")).getAuthorities()).isEmpty();
    }

    @Test
    void principalIsThePreferredUsername() {
        assertThat(converter.convert(jwt(Map.of(), "preferred_username", "dave")).getName()).isEqualTo("dave");
    }

    @Test
    void principalFallsBackToSubjectWithoutUsername() {
        assertThat(converter.convert(jwt(Map.of(), "azp", "x")).getName()).isEqualTo("subject-1");
    }

    private static Jwt jwt(Map<String, Object> claims, String extraClaim, Object extraValue) {
        Jwt.Builder builder = Jwt.withTokenValue("token").header("alg", "RS256").subject("subject-1")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).claim(extraClaim, extraValue);
        claims.forEach(builder::claim);
        return builder.build();
    }
}
