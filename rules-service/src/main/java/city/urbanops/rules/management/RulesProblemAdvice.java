package city.urbanops.rules.management;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.Problems;
import java.net.URI;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * A rules request body that cannot be read: broken JSON is named as such (with where it breaks), not as a wrong value
 * of whatever field the parser had reached; a well-formed body with a value of the wrong type names that field.
 */
@RestControllerAdvice(assignableTypes = RulesController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RulesProblemAdvice {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, WebRequest request) {
        FieldProblem problem = switch (e.getMostSpecificCause()) {
            case StreamReadException broken -> new FieldProblem("body", "is not valid JSON: "
                    + broken.getOriginalMessage() + (broken.getLocation() == null ? ""
                    : " (line " + broken.getLocation().getLineNr() + ", column "
                    + broken.getLocation().getColumnNr() + ")"));
            case DatabindException wrong when !wrong.getPath().isEmpty() ->
                    new FieldProblem(path(wrong), "has a value of the wrong type or format");
            default -> new FieldProblem("body", "is missing or is not valid JSON");
        };
        var body = Problems.invalidRequest(List.of(problem));
        if (request instanceof ServletWebRequest servlet) {
            body.setInstance(URI.create(servlet.getRequest().getRequestURI()));
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String path(DatabindException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
