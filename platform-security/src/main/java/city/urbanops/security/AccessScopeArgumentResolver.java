package city.urbanops.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets controller methods declare an {@link AccessScope} parameter holding the caller's scope: from the bearer token,
 * or from a {@link ScopedPrincipal} (a browser session's user).
 */
public final class AccessScopeArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return AccessScope.class.equals(parameter.getParameterType());
    }

    @Override
    public AccessScope resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                       NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return AccessScope.fromToken(token.getToken());
        }
        if (authentication != null && authentication.getPrincipal() instanceof ScopedPrincipal principal) {
            return principal.accessScope();
        }
        // Reached only if a service permitted an endpoint without a token yet asks for the caller's scope.
        throw new AuthenticationCredentialsNotFoundException("A bearer token is required to resolve the access scope");
    }
}
