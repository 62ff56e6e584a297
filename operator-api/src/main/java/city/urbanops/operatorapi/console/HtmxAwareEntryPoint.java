package city.urbanops.operatorapi.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * An htmx request (or the live stream) whose session has expired cannot follow a redirect to Keycloak inside a page
 * fragment: it gets 401 with {@code HX-Redirect} naming the page it came from, so the browser loads that page, signs in
 * again and comes back to it.
 */
public final class HtmxAwareEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("HX-Redirect", samePage(request.getHeader("HX-Current-URL"), request));
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Your session has ended; sign in again.");
    }

    // Only a path of this console is taken from the header, never another site.
    private static String samePage(String current, HttpServletRequest request) {
        if (current != null) {
            try {
                URI uri = URI.create(current);
                if (uri.getRawPath() != null && uri.getRawPath().startsWith("/")
                        && (uri.getHost() == null || uri.getHost().equals(request.getServerName()))) {
                    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                }
            } catch (IllegalArgumentException ignored) {
                // not a URI: fall back to the start page
            }
        }
        return "/";
    }
}
