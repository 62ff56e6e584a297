package city.urbanops.operatorapi.console;

import city.urbanops.security.AccessScope;
import city.urbanops.security.KeycloakJwtAuthenticationConverter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Asks Keycloak again before every console action (any request that is not GET, HEAD or OPTIONS): the session's
 * refresh token is exchanged for a new access token and the user's roles, departments and districts are read from it
 * afresh. A supervisor demoted, a department taken away, an account disabled or a Keycloak session ended therefore
 * counts from the user's next action, not from the end of their console session:
 * <ul>
 *   <li>new claims: the request goes on as the user now is (a demoted supervisor's approval is refused as an
 *       operator's would be), and the session keeps the new tokens;</li>
 *   <li>Keycloak refuses the refresh ({@code invalid_grant}): the session is ended and the user is sent to sign in;</li>
 *   <li>Keycloak does not answer: the action is refused with 503, since who the user is now cannot be confirmed.</li>
 * </ul>
 * Reading pages does not ask Keycloak: pages show what the other services answer to the user's own access token, and
 * that token lives minutes, not the session's half hour.
 */
public final class ConsoleReauthorization extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ConsoleReauthorization.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final OAuth2AuthorizedClientRepository authorizedClients;
    private final OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshClient;
    private final JwtDecoder accessTokens;
    private final KeycloakJwtAuthenticationConverter converter;
    private final SecurityContextRepository contexts;
    private final AuthenticationEntryPoint signIn;
    private final MeterRegistry meters;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public ConsoleReauthorization(OAuth2AuthorizedClientRepository authorizedClients,
            OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshClient, JwtDecoder accessTokens,
            KeycloakJwtAuthenticationConverter converter, SecurityContextRepository contexts,
            AuthenticationEntryPoint signIn, MeterRegistry meters) {
        this.authorizedClients = authorizedClients;
        this.refreshClient = refreshClient;
        this.accessTokens = accessTokens;
        this.converter = converter;
        this.contexts = contexts;
        this.signIn = signIn;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod())
                || !(holder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken token
                        && token.getPrincipal() instanceof ConsoleUser);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var session = (OAuth2AuthenticationToken) holder.getContext().getAuthentication();
        var user = (ConsoleUser) session.getPrincipal();
        OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(
                session.getAuthorizedClientRegistrationId(), session, request);
        if (client == null || client.getRefreshToken() == null) {
            end(request, response, user, "the session holds no refresh token");
            return;
        }
        OAuth2AccessTokenResponse answer;
        Jwt access;
        try {
            answer = refreshClient.getTokenResponse(new OAuth2RefreshTokenGrantRequest(client.getClientRegistration(),
                    client.getAccessToken(), client.getRefreshToken()));
            access = accessTokens.decode(answer.getAccessToken().getTokenValue());
        } catch (OAuth2AuthorizationException e) {
            if (OAuth2ErrorCodes.INVALID_GRANT.equals(e.getError().getErrorCode())) {
                end(request, response, user, "Keycloak no longer accepts the session");
                return;
            }
            refuse(response, user, e.getError().getErrorCode());
            return;
        } catch (JwtException | IllegalArgumentException e) {
            refuse(response, user, e.getClass().getSimpleName());
            return;
        }
        var now = new ConsoleUser(converter.authorities(access), user.getIdToken(), user.getUserInfo(),
                AccessScope.fromToken(access));
        var authentication = new OAuth2AuthenticationToken(now, now.getAuthorities(),
                session.getAuthorizedClientRegistrationId());
        authentication.setDetails(session.getDetails());
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(client.getClientRegistration(),
                client.getPrincipalName(), answer.getAccessToken(),
                answer.getRefreshToken() != null ? answer.getRefreshToken() : client.getRefreshToken()),
                authentication, request, response);
        boolean changed = !Set.copyOf(now.getAuthorities()).equals(Set.copyOf(user.getAuthorities()))
                || !now.accessScope().equals(user.accessScope());
        if (changed) {
            log.info("Roles or scope of {} changed since sign-in; the console now acts on the new ones", user.getName());
        }
        meters.counter("urbanops.operator.console.reauthorized", "outcome", changed ? "changed" : "unchanged")
                .increment();
        chain.doFilter(request, response);
    }

    private void end(HttpServletRequest request, HttpServletResponse response, ConsoleUser user, String why)
            throws IOException, ServletException {
        log.info("Console session of {} ended at an action: {}", user.getName(), why);
        meters.counter("urbanops.operator.console.reauthorized", "outcome", "signed-out").increment();
        HttpSession httpSession = request.getSession(false);
        if (httpSession != null) {
            httpSession.invalidate();
        }
        holder.clearContext();
        signIn.commence(request, response, new InsufficientAuthenticationException(why));
    }

    private void refuse(HttpServletResponse response, ConsoleUser user, String why) throws IOException {
        log.warn("Permissions of {} could not be confirmed with Keycloak ({}); the action is refused",
                user.getName(), why);
        meters.counter("urbanops.operator.console.reauthorized", "outcome", "unconfirmed").increment();
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "Your permissions could not be confirmed with the sign-in service; try again shortly.");
    }
}
