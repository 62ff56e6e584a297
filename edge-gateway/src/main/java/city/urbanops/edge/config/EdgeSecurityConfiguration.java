package city.urbanops.edge.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The gateway's REST edge: health and Prometheus stay open for probes and scraping; the simulation API needs a
 * Keycloak token, and injecting or ending incidents needs the supervisor or admin role.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeSecurityConfiguration {

    @Bean
    SecurityFilterChain edgeSecurity(HttpSecurity http) throws Exception {
        var jwt = new JwtAuthenticationConverter();
        jwt.setJwtGrantedAuthoritiesConverter(new RealmRoles());
        jwt.setPrincipalClaimName("preferred_username");
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/simulation/**").authenticated()
                        .requestMatchers("/api/v1/simulation/**").hasAnyRole("SUPERVISOR", "ADMIN")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(config -> config.jwtAuthenticationConverter(jwt)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens only, no cookies: nothing for CSRF to ride on.
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
