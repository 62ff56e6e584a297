package city.urbanops.operatorapi.config;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The console's OAuth2 client at Keycloak: a public client (PKCE, no secret) whose endpoints are derived from the
 * realm's issuer rather than discovered, because discovery would run at start-up and keep operator-api from starting
 * while Keycloak is down. The end-session endpoint is named too, so signing out of the console ends the Keycloak
 * session.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleClientRegistration {

    /** The registration id: the sign-in starts at {@code /oauth2/authorization/keycloak}. */
    public static final String REGISTRATION_ID = "keycloak";

    @Bean
    ClientRegistrationRepository consoleClientRegistrations(
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${urbanops.operator.console.client-id:urbanops-console}") String clientId) {
        String endpoints = issuer + "/protocol/openid-connect";
        return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientName("UrbanOps console")
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "email")
                .issuerUri(issuer)
                .authorizationUri(endpoints + "/auth")
                .tokenUri(endpoints + "/token")
                .jwkSetUri(endpoints + "/certs")
                .userInfoUri(endpoints + "/userinfo")
                .userNameAttributeName("preferred_username")
                .providerConfigurationMetadata(Map.of("end_session_endpoint", endpoints + "/logout"))
                .build());
    }
}
