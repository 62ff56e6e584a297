package city.urbanops.security.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Something the caller asked for does not exist or lies outside the caller's scope; both answer the same 404 so
 * that a scoped caller cannot learn what exists elsewhere.
 */
public class ResourceNotFoundException extends ErrorResponseException {

    public ResourceNotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, notFound(detail), null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    private static ProblemDetail notFound(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setType(ProblemTypes.NOT_FOUND);
        problem.setTitle("Not found");
        return problem;
    }
}
