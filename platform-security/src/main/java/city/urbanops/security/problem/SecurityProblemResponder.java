package city.urbanops.security.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the security filter chain's refusals as problem+json: 401 for a missing or invalid token, 403 for a
 * missing role, 503 when the identity provider cannot be reached to verify a token.
 */
public final class SecurityProblemResponder
        implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityProblemResponder.class);

    private final JsonMapper json;

    public SecurityProblemResponder(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException authException) throws IOException {
        boolean tokenPresent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        // RFC 6750: say which scheme is expected, without echoing why the token failed.
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                tokenPresent ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(request, response, Problems.unauthenticated(tokenPresent));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException accessDeniedException) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
        write(request, response, Problems.forbidden());
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        if (exception instanceof AuthenticationServiceException) {
            log.warn("Cannot verify a bearer token for {} {}: {}", request.getMethod(), request.getRequestURI(),
                    exception.getCause() != null ? exception.getCause().toString() : exception.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            write(request, response, Problems.identityProviderUnavailable());
            return;
        }
        commence(request, response, exception);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", request.getRequestURI());
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
