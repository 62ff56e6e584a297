package city.urbanops.security.problem;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builders of the platform's problem bodies, shared by the security filter chain and the MVC advice. */
public final class Problems {

    /** Name of the extension member that lists offending fields. */
    public static final String ERRORS = "errors";

    private Problems() {
    }

    /** A 400 problem naming every offending field in {@code detail} and listing them under {@code errors}. */
    public static ProblemDetail invalidRequest(List<FieldProblem> problems) {
        String detail = problems.isEmpty()
                ? "The request is invalid."
                : problems.stream()
                        .map(p -> "'" + p.field() + "' " + p.reason())
                        .collect(Collectors.joining("; ", "Invalid request: ", "."));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                detail);
        problem.setProperty(ERRORS, List.copyOf(problems));
        return problem;
    }

    /** 401: no usable bearer token. The detail never echoes the token or the validator's message about it. */
    public static ProblemDetail unauthenticated(boolean tokenPresent) {
        return problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Unauthenticated", tokenPresent
                ? "The bearer token is invalid, expired or not issued for this platform."
                : "This endpoint requires a bearer token from the city identity provider.");
    }

    /** 403: authenticated, but none of the caller's roles may do this. */
    public static ProblemDetail forbidden() {
        return problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                "Your roles do not allow this operation.");
    }

    /** 503: the identity provider could not be reached to check the token; the client may retry. */
    public static ProblemDetail identityProviderUnavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.IDENTITY_PROVIDER_UNAVAILABLE,
                "Identity provider unavailable",
                "The identity provider cannot be reached to verify the token; retry shortly.");
    }

    /** 500: an unexpected failure; the detail deliberately says nothing about internals. */
    public static ProblemDetail internalError() {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR, "Internal error",
                "The service failed to handle the request; the failure has been logged.");
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
