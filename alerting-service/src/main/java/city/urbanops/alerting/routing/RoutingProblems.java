package city.urbanops.alerting.routing;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ProblemTypes;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problem answers of the routing API. */
final class RoutingProblems {

    private RoutingProblems() {
    }

    static void refuseIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    static ResourceNotFoundException notFound(String what, String id) {
        return new ResourceNotFoundException("no " + what + " '" + id + "'");
    }

    static ErrorResponseException conflict(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(ProblemTypes.CONFLICT);
        problem.setTitle("Conflict");
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
}
