package city.urbanops.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a Keycloak access token into an authentication: realm roles from {@code realm_access.roles} become
 * {@link Role} authorities, the principal name is {@code preferred_username} (falling back to {@code sub}).
 */
public final class KeycloakJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String REALM_ACCESS_CLAIM = "realm_access";
    static final String ROLES = "roles";
    static final String PRINCIPAL_CLAIM = "preferred_username";

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, authorities(jwt), principalName(jwt));
    }

    /** The authorities granted by the token's realm roles; unknown realm roles grant nothing. */
    public Set<GrantedAuthority> authorities(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        if (jwt.getClaims().get(REALM_ACCESS_CLAIM) instanceof Map<?, ?> realmAccess
                && realmAccess.get(ROLES) instanceof Collection<?> roles) {
            for (Object realmRole : roles) {
                Role.fromRealmRole(String.valueOf(realmRole))
                        .ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
            }
        }
        return authorities;
    }

    private static String principalName(Jwt jwt) {
        String username = jwt.getClaimAsString(PRINCIPAL_CLAIM);
        return username != null && !username.isBlank() ? username : jwt.getSubject();
    }
}
