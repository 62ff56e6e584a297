package city.urbanops.operatorapi.console;

import city.urbanops.security.AccessScope;
import city.urbanops.security.KeycloakJwtAuthenticationConverter;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Makes the {@link ConsoleUser} at sign-in: the user info from Keycloak as usual, then the access token decoded and
 * checked (issuer, signature, audience {@code operator-api}) for its realm roles and scope claims.
 */
public final class ConsoleUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final JwtDecoder accessTokens;
    private final KeycloakJwtAuthenticationConverter converter;

    public ConsoleUserService(JwtDecoder accessTokens, KeycloakJwtAuthenticationConverter converter) {
        this.accessTokens = accessTokens;
        this.converter = converter;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        Jwt access;
        try {
            access = accessTokens.decode(request.getAccessToken().getTokenValue());
        } catch (JwtException e) {
            // The message says what is wrong with the token, never the token itself.
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token",
                    "the access token is not valid for operator-api: " + e.getMessage(), null), e);
        }
        return new ConsoleUser(converter.authorities(access), user.getIdToken(), user.getUserInfo(),
                AccessScope.fromToken(access));
    }
}
