package city.urbanops.registry.web;

import city.urbanops.security.problem.InvalidRequestException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Optimistic concurrency at the edge: a resource's {@code ETag} is its version ({@code "7"}); a change names the
 * version it was made against in {@code If-Match}.
 */
public final class Versions {

    /** Problem type of a change that did not say which version it was made against. */
    public static final URI PRECONDITION_REQUIRED = URI.create("https://urbanops.city/problems/precondition-required");

    private Versions() {
    }

    /** The strong ETag of {@code version}. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The version {@code If-Match} names; 428 when absent, 400 naming {@code If-Match} when it names none. */
    public static long required(String ifMatch) {
        Long version = optional(ifMatch);
        if (version == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_REQUIRED,
                    "This change needs an If-Match header with the ETag of the version it was made against.");
            problem.setType(PRECONDITION_REQUIRED);
            problem.setTitle("Precondition required");
            throw new ErrorResponseException(HttpStatus.PRECONDITION_REQUIRED, problem, null);
        }
        return version;
    }

    /** The version {@code If-Match} names, or null when absent; 400 naming {@code If-Match} when it names none. */
    public static Long optional(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            try {
                long version = Long.parseLong(tag.substring(1, tag.length() - 1));
                if (version >= 1) {
                    return version;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw new InvalidRequestException("If-Match", "must be one ETag this service issued, e.g. \"3\"");
    }
}
