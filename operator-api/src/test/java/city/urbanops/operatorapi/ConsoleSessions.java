package city.urbanops.operatorapi;

import city.urbanops.operatorapi.console.ConsoleUser;
import city.urbanops.security.AccessScope;
import city.urbanops.security.KeycloakJwtAuthenticationConverter;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Console sessions as a Keycloak sign-in leaves them, for MockMvc: the signed-in {@link ConsoleUser} (roles and scope
 * from a real access token) and, in the session, the user's real access and refresh tokens, which the console relays
 * to other services and refreshes before every action. A sign-in per user is reused for a minute. Every
 * {@link OperatorApiIT} can autowire it.
 */
public final class ConsoleSessions {

    /** The session attribute holding the session's access token, for tests that look for it where it must not be. */
    public static final String ACCESS_TOKEN = "test.access-token";

    private static final Map<String, Grant> SIGN_INS = new ConcurrentHashMap<>();

    private final JwtDecoder jwtDecoder;
    private final ClientRegistrationRepository registrations;
    private final OAuth2AuthorizedClientRepository authorizedClients;

    private record Grant(KeycloakServer.SignIn tokens, Instant at) {
    }

    ConsoleSessions(JwtDecoder jwtDecoder, ClientRegistrationRepository registrations,
                    OAuth2AuthorizedClientRepository authorizedClients) {
        this.jwtDecoder = jwtDecoder;
        this.registrations = registrations;
        this.authorizedClients = authorizedClients;
    }

    /** A console session of the demo user {@code user} (password = user name). */
    public MockHttpSession signedIn(String user) {
        return signedIn(user, demoSignIn(user));
    }

    /** A console session of anyone Keycloak signed in. */
    public MockHttpSession signedIn(String user, KeycloakServer.SignIn tokens) {
        Jwt access = jwtDecoder.decode(tokens.accessToken());
        OAuth2AuthenticationToken authentication = authentication(user, access);
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(authentication));
        var request = new MockHttpServletRequest();
        request.setSession(session);
        authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(
                        registrations.findByRegistrationId("keycloak"), user,
                        new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access.getTokenValue(),
                                access.getIssuedAt(), access.getExpiresAt()),
                        new OAuth2RefreshToken(tokens.refreshToken(), access.getIssuedAt())),
                authentication, request, new MockHttpServletResponse());
        session.setAttribute(ACCESS_TOKEN, access.getTokenValue());
        return session;
    }

    /** The authentication a console sign-in of the demo user {@code user} makes. */
    public OAuth2AuthenticationToken authentication(String user) {
        return authentication(user, jwtDecoder.decode(demoSignIn(user).accessToken()));
    }

    private static OAuth2AuthenticationToken authentication(String user, Jwt access) {
        Instant now = Instant.now();
        Object sid = access.getClaims().getOrDefault("sid", "sid-" + user);
        OidcIdToken idToken = new OidcIdToken("id-token-" + user, now, now.plusSeconds(300),
                Map.of("sub", access.getSubject(), "preferred_username", user, "sid", sid.toString(),
                        "iss", access.getClaimAsString("iss")));
        var consoleUser = new ConsoleUser(new KeycloakJwtAuthenticationConverter().authorities(access), idToken, null,
                AccessScope.fromToken(access));
        return new OAuth2AuthenticationToken(consoleUser, consoleUser.getAuthorities(), "keycloak");
    }

    private static KeycloakServer.SignIn demoSignIn(String user) {
        return SIGN_INS.compute(user, (u, grant) -> grant != null && grant.at().isAfter(Instant.now().minusSeconds(60))
                ? grant : new Grant(KeycloakServer.shared().signIn(u, u), Instant.now())).tokens();
    }
}
