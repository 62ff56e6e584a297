package city.urbanops.operatorapi.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's chain: every path the API chain does not answer. People sign in at Keycloak (authorization code with
 * PKCE, client {@code urbanops-console}); the tokens stay in the server-side session, never in the page or a URL.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(Customizer.withDefaults());
        return http.build();
    }
}
