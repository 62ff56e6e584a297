package city.urbanops.security.problem;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request a controller refuses after checking it itself (for example {@code from} after {@code to}); answered as a
 * 400 problem naming the offending fields, exactly like a bean-validation failure.
 */
public class InvalidRequestException extends ErrorResponseException {

    private final List<FieldProblem> problems;

    public InvalidRequestException(String field, String reason) {
        this(List.of(new FieldProblem(field, reason)));
    }

    public InvalidRequestException(List<FieldProblem> problems) {
        super(HttpStatus.BAD_REQUEST, Problems.invalidRequest(problems), null);
        this.problems = List.copyOf(problems);
    }

    /** The offending fields, in the order they were found. */
    public List<FieldProblem> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
