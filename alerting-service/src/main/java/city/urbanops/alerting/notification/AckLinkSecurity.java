package city.urbanops.alerting.notification;

import city.urbanops.security.KeycloakJwtAuthenticationConverter;
import city.urbanops.security.UrbanOpsSecurityAutoConfiguration;
import city.urbanops.security.UrbanOpsSecurityProperties;
import city.urbanops.security.problem.SecurityProblemResponder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The service's security filter chain: the platform's (bearer tokens, every {@code /api/**} authenticated, open
 * probes) plus the acknowledge link, which its token alone authorizes. The platform chain is built by the platform's
 * own method, so it stays the platform's; this adds one rule in front of its {@code anyRequest().authenticated()}.
 */
@Configuration(proxyBeanMethods = false)
class AckLinkSecurity {

    @Bean
    SecurityFilterChain alertingSecurityFilterChain(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder,
            KeycloakJwtAuthenticationConverter converter, SecurityProblemResponder problems,
            UrbanOpsSecurityProperties properties, Environment environment) {
        http.authorizeHttpRequests(a -> a.requestMatchers("/ack/*").permitAll());
        return new UrbanOpsSecurityAutoConfiguration()
                .urbanOpsSecurityFilterChain(http, jwtDecoder, converter, problems, properties, environment);
    }
}
