package city.urbanops.operatorapi.export;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.ProblemTypes;
import city.urbanops.security.problem.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.HttpClientErrorException;

/**
 * Export refusals as problem+json: too many rows (422 naming {@code from}: narrow the range), and alerting's own 400
 * for a filter it does not accept, passed on as alerting wrote it (it names the field).
 */
@RestControllerAdvice(assignableTypes = ExportsApiController.class)
class ExportProblemAdvice {

    static final java.net.URI TOO_LARGE = ProblemTypes.of("export-too-large");

    @ExceptionHandler(ExportTooLarge.class)
    ProblemDetail tooLarge(ExportTooLarge tooLarge) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, tooLarge.getMessage());
        problem.setType(TOO_LARGE);
        problem.setTitle("Export too large");
        problem.setProperty("maxRows", tooLarge.maxRows());
        problem.setProperty(Problems.ERRORS, List.of(new FieldProblem("from",
                "narrow the time range: at most " + tooLarge.maxRows() + " rows per export")));
        return problem;
    }

    @ExceptionHandler(HttpClientErrorException.BadRequest.class)
    ResponseEntity<byte[]> refusedByAlerting(HttpClientErrorException.BadRequest refused) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(refused.getResponseBodyAsByteArray());
    }
}
