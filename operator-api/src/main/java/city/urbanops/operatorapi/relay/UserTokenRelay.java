package city.urbanops.operatorapi.relay;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Calls another service as the user who is asking: an API caller's own bearer token is passed on; a console user's
 * access token comes from their server-side session (refreshed by Spring Security when it ran out). operator-api never
 * uses a token of its own to read another service's data, so every service applies the user's roles and scope itself.
 */
public final class UserTokenRelay implements ClientHttpRequestInterceptor {

    private final OAuth2AuthorizedClientManager authorizedClients;

    public UserTokenRelay(OAuth2AuthorizedClientManager authorizedClients) {
        this.authorizedClients = authorizedClients;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + currentUserToken());
        return execution.execute(request, body);
    }

    /** The access token of the user of this request thread. */
    String currentUserToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return switch (authentication) {
            case JwtAuthenticationToken bearer -> bearer.getToken().getTokenValue();
            case OAuth2AuthenticationToken session -> sessionToken(session);
            case null, default -> throw new AuthenticationCredentialsNotFoundException(
                    "no signed-in user on this thread to call another service for");
        };
    }

    private String sessionToken(OAuth2AuthenticationToken session) {
        var builder = OAuth2AuthorizeRequest.withClientRegistrationId(session.getAuthorizedClientRegistrationId())
                .principal(session);
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
            builder.attribute(HttpServletRequest.class.getName(), servlet.getRequest());
            if (servlet.getResponse() != null) {
                builder.attribute(HttpServletResponse.class.getName(), servlet.getResponse());
            }
        }
        OAuth2AuthorizedClient client = authorizedClients.authorize(builder.build());
        if (client == null) {
            throw new AuthenticationCredentialsNotFoundException("the console session holds no usable access token");
        }
        return client.getAccessToken().getTokenValue();
    }
}
