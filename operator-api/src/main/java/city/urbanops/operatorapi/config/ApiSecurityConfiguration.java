package city.urbanops.operatorapi.config;

import city.urbanops.security.KeycloakJwtAuthenticationConverter;
import city.urbanops.security.UrbanOpsSecurityAutoConfiguration;
import city.urbanops.security.UrbanOpsSecurityProperties;
import city.urbanops.security.problem.SecurityProblemResponder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * operator-api has two ways in. This chain is the REST API ({@code /api/**}) and the actuator: stateless bearer
 * tokens issued for {@code operator-api}, exactly like every other service. The console (every other path) has its
 * own chain: a browser session from Keycloak's authorization code flow with PKCE.
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurityConfiguration {

    /** Paths this chain answers; everything else belongs to the console's chain. */
    public static final String[] API_PATHS = {"/api/**", "/actuator/**", "/v3/api-docs/**", "/v3/api-docs.yaml"};

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder,
            KeycloakJwtAuthenticationConverter converter, SecurityProblemResponder problems,
            UrbanOpsSecurityProperties properties, Environment environment) throws Exception {
        JwtDecoder decoder = UrbanOpsSecurityAutoConfiguration.serviceJwtDecoder(jwtDecoder, properties, environment);
        UrbanOpsSecurityAutoConfiguration.bearerTokenResourceServer(http.securityMatcher(API_PATHS), decoder,
                        converter, problems)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(UrbanOpsSecurityAutoConfiguration.PUBLIC_PATHS.toArray(String[]::new))
                        .permitAll()
                        .anyRequest().authenticated());
        return http.build();
    }
}
