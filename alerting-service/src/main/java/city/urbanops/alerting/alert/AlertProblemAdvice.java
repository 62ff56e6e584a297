package city.urbanops.alerting.alert;

import city.urbanops.security.problem.ProblemTypes;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The alerts API's own refusals as problem+json: a step that does not fit the alert's state is a 409. */
@RestControllerAdvice(assignableTypes = AlertsController.class)
class AlertProblemAdvice {

    @ExceptionHandler(AlertStateConflict.class)
    ProblemDetail conflict(AlertStateConflict conflict) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, conflict.getMessage() + ".");
        problem.setType(ProblemTypes.CONFLICT);
        problem.setTitle("Alert state conflict");
        problem.setProperty("alertStatus", conflict.status().name());
        return problem;
    }

    /** The alert vanished between the scope check and the act (it cannot today: alerts are never deleted). */
    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail gone(NoSuchElementException missing) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, missing.getMessage() + ".");
        problem.setType(ProblemTypes.NOT_FOUND);
        problem.setTitle("Not found");
        return problem;
    }
}
