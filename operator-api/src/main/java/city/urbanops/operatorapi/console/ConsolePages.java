package city.urbanops.operatorapi.console;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.web.client.RestClientException;

/**
 * What console pages (controllers marked {@link ConsolePage}; the API answers problem+json) show when
 * something is missing or another service is away: a page in words, never a stack trace.
 */
@ControllerAdvice(annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePages {

    @ExceptionHandler(NotFoundPage.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    /**
     * The session no longer holds the user's tokens (e.g. this instance restarted): handing the exception back lets
     * Spring Security's authorization request filter send the browser to Keycloak and back to this page.
     */
    @ExceptionHandler(ClientAuthorizationRequiredException.class)
    void signInAgain(ClientAuthorizationRequiredException e) {
        throw e;
    }

    @ExceptionHandler(RestClientException.class)
    @ResponseStatus(HttpStatus.BAD_GATEWAY)
    String serviceAway() {
        return "error/unavailable";
    }
}
