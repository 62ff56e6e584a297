package city.urbanops.operatorapi.config;

import city.urbanops.operatorapi.console.ConsoleReauthorization;
import city.urbanops.operatorapi.console.ConsoleUserService;
import city.urbanops.operatorapi.console.HtmxAwareEntryPoint;
import city.urbanops.operatorapi.console.SignInAudit;
import city.urbanops.security.KeycloakJwtAuthenticationConverter;
import city.urbanops.security.UrbanOpsSecurityAutoConfiguration;
import city.urbanops.security.UrbanOpsSecurityProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcherEntry;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * The console's chain: every path the API chain does not answer. People sign in at Keycloak (authorization code with
 * PKCE, client {@code urbanops-console}); the tokens stay in the server-side session, never in the page or a URL.
 * The signed-in user is a {@link city.urbanops.operatorapi.console.ConsoleUser}: roles and scope from the access token.
 * Pages carry a strict Content-Security-Policy (no inline script or style), may not be framed, and every POST needs
 * the session's CSRF token (htmx sends it as a header, see {@code static/js/console.js}). Before every action the
 * user's roles and scope are read again from Keycloak ({@link ConsoleReauthorization}).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    /** Static resources, readable before sign-in. */
    public static final String[] PUBLIC_RESOURCES = {"/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/error"};

    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder,
            KeycloakJwtAuthenticationConverter converter, UrbanOpsSecurityProperties properties,
            Environment environment, ClientRegistrationRepository registrations, SignInAudit signInAudit,
            OAuth2AuthorizedClientRepository authorizedClients, MeterRegistry meters,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${urbanops.operator.console.tile-url:}") String tileUrl) throws Exception {
        JwtDecoder accessTokens = UrbanOpsSecurityAutoConfiguration.serviceJwtDecoder(jwtDecoder, properties,
                environment);
        var pageAfterSignIn = new SavedRequestAwareAuthenticationSuccessHandler();
        var logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        logout.setPostLogoutRedirectUri("{baseUrl}/");
        RequestMatcher htmxOrStream = request -> request.getHeader("HX-Request") != null
                || "text/event-stream".equals(request.getHeader("Accept"));
        // Only a page is worth coming back to after sign-in, never a fragment or the stream.
        var pages = new HttpSessionRequestCache();
        pages.setRequestMatcher(new NegatedRequestMatcher(htmxOrStream));
        var signIn = new DelegatingAuthenticationEntryPoint(
                new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/keycloak"),
                new RequestMatcherEntry<>(htmxOrStream, new HtmxAwareEntryPoint()));
        var contexts = new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                new HttpSessionSecurityContextRepository());
        http.requestCache(c -> c.requestCache(pages))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(PUBLIC_RESOURCES).permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(o -> o
                        .userInfoEndpoint(u -> u.oidcUserService(new ConsoleUserService(accessTokens, converter)))
                        .successHandler((request, response, authentication) -> {
                            try {
                                signInAudit.signedIn(authentication);
                            } catch (RuntimeException e) {
                                // The sign-in must not be recorded silently as if it had not happened: refuse it.
                                log.error("Sign-in of {} could not be recorded in the audit log", authentication.getName(), e);
                                request.getSession().invalidate();
                                response.sendError(503, "The audit log is unavailable; try again shortly.");
                                return;
                            }
                            pageAfterSignIn.onAuthenticationSuccess(request, response, authentication);
                        }))
                .logout(l -> l.logoutSuccessHandler(logout))
                .securityContext(c -> c.securityContextRepository(contexts))
                .exceptionHandling(e -> e.authenticationEntryPoint(signIn))
                .addFilterAfter(new ConsoleReauthorization(authorizedClients,
                        new RestClientRefreshTokenTokenResponseClient(), accessTokens, converter, contexts, signIn,
                        meters), AuthorizationFilter.class)
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(issuer, tileUrl)))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .contentTypeOptions(c -> { }));
        return http.build();
    }

    /**
     * The console's OAuth2 tokens are kept in the user's HTTP session: they end with it (sign-out, idle timeout), and
     * two sessions of one person never share tokens (Spring Boot's default keeps them in memory by user name).
     */
    @Bean
    OAuth2AuthorizedClientRepository consoleAuthorizedClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /**
     * The console's Content-Security-Policy: its own scripts and styles only; forms may post to Keycloak too; images
     * from the console and, when the city map has a tile server ({@code urbanops.operator.console.tile-url}), from
     * that server's origin only (a {@code {s}.} subdomain template allows that domain's subdomains).
     */
    static String contentSecurityPolicy(String issuer, String tileUrl) {
        String images = tileUrl == null || tileUrl.isBlank() ? "" : " " + origin(tileUrl.replace("{s}.", "*.").replaceAll("[{}]", ""));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + images
                + "; connect-src 'self'; frame-ancestors 'none'; form-action 'self' " + origin(issuer)
                + "; base-uri 'self'; object-src 'none'";
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getRawAuthority() == null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new IllegalStateException("not an http(s) URL with a host: " + url);
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
