package city.urbanops.security;

import city.urbanops.security.problem.RequestProblemAdvice;
import city.urbanops.security.problem.SecurityProblemResponder;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes a servlet service an OAuth2 resource server against the city's Keycloak realm: stateless bearer tokens,
 * health/info/prometheus open, everything else authenticated, Keycloak realm roles as {@link Role} authorities,
 * {@link AccessScope} resolvable in controllers, and problem+json for every refusal. The issuer comes from Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}; Boot resolves it lazily on the first token, so a
 * service starts while Keycloak is still down. A token must also name this service in its audience
 * ({@link UrbanOpsSecurityProperties#audience()}, by default the application's name).
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableMethodSecurity
@EnableConfigurationProperties(UrbanOpsSecurityProperties.class)
public class UrbanOpsSecurityAutoConfiguration {

    /** Paths answered without a token: probes and scraping must work before and without Keycloak. */
    public static final List<String> PUBLIC_PATHS =
            List.of("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error");

    @Bean
    @ConditionalOnMissingBean
    public KeycloakJwtAuthenticationConverter keycloakJwtAuthenticationConverter() {
        return new KeycloakJwtAuthenticationConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    public SecurityProblemResponder securityProblemResponder(ObjectProvider<JsonMapper> jsonMapper) {
        return new SecurityProblemResponder(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    public SecurityFilterChain urbanOpsSecurityFilterChain(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder,
            KeycloakJwtAuthenticationConverter converter, SecurityProblemResponder problems,
            UrbanOpsSecurityProperties properties, Environment environment) {
        JwtDecoder decoder = serviceJwtDecoder(jwtDecoder, properties, environment);
        bearerTokenResourceServer(http, decoder, converter, problems)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(PUBLIC_PATHS.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * The decoder every service uses: the issuer's signature and claims, a token of the identity provider's own
     * failure answered as 503, and this service's name in the audience.
     */
    public static JwtDecoder serviceJwtDecoder(ObjectProvider<JwtDecoder> jwtDecoder,
            UrbanOpsSecurityProperties properties, Environment environment) {
        String audience = properties.audienceOr(environment.getProperty("spring.application.name"));
        return new AudienceRestrictedJwtDecoder(new IdentityProviderAwareJwtDecoder(issuerDecoder(jwtDecoder)), audience);
    }

    /**
     * Makes {@code http} a stateless bearer-token resource server that answers every refusal with problem+json; the
     * caller adds its request authorisation. A service with a second, browser-facing chain (operator-api's console)
     * uses this for its API chain so both stay alike.
     */
    public static HttpSecurity bearerTokenResourceServer(HttpSecurity http, JwtDecoder decoder,
            KeycloakJwtAuthenticationConverter converter, SecurityProblemResponder problems) {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                // The default handler rethrows service failures (500); answer them as 503 instead.
                                filter.setAuthenticationFailureHandler(problems);
                                return filter;
                            }
                        }));
    }

    private static JwtDecoder issuerDecoder(ObjectProvider<JwtDecoder> jwtDecoder) {
        return jwtDecoder.getIfAvailable(() -> {
            throw new IllegalStateException("platform-security needs the token issuer: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri (e.g. http://localhost:8180/realms/city); "
                    + "it is resolved lazily, so Keycloak need not be running");
        });
    }

    @Bean
    @ConditionalOnMissingBean
    public RequestProblemAdvice requestProblemAdvice() {
        return new RequestProblemAdvice();
    }

    @Bean
    public WebMvcConfigurer accessScopeArgumentResolverConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new AccessScopeArgumentResolver());
            }
        };
    }
}
