package city.urbanops.security.problem;

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
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(ProblemTypes.INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty(ERRORS, List.copyOf(problems));
        return problem;
    }

    /** 401: no usable bearer token. The detail never echoes the token or the validator's message about it. */
    public static ProblemDetail unauthenticated(boolean tokenPresent) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, tokenPresent
                ? "The bearer token is invalid, expired or not issued for this platform."
                : "This endpoint requires a bearer token from the city identity provider.");
        problem.setType(ProblemTypes.UNAUTHENTICATED);
        problem.setTitle("Unauthenticated");
        return problem;
    }

    /** 403: authenticated, but none of the caller's roles may do this. */
    public static ProblemDetail forbidden() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "Your roles do not allow this operation.");
        problem.setType(ProblemTypes.FORBIDDEN);
        problem.setTitle("Forbidden");
        return problem;
    }

    /** 503: the identity provider could not be reached to check the token; the client may retry. */
    public static ProblemDetail identityProviderUnavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The identity provider cannot be reached to verify the token; retry shortly.");
        problem.setType(ProblemTypes.IDENTITY_PROVIDER_UNAVAILABLE);
        problem.setTitle("Identity provider unavailable");
        return problem;
    }

    /** 500: an unexpected failure; the detail deliberately says nothing about internals. */
    public static ProblemDetail internalError() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed to handle the request; the failure has been logged.");
        problem.setType(ProblemTypes.INTERNAL_ERROR);
        problem.setTitle("Internal error");
        return problem;
    }
}
