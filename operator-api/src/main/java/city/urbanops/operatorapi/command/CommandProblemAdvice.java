package city.urbanops.operatorapi.command;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.Problems;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The commands API's refusals as problem+json with a stable type, naming the field when one is at fault. */
@RestControllerAdvice(assignableTypes = {CommandsController.class, CommandFlagsController.class})
class CommandProblemAdvice {

    @ExceptionHandler(CommandRefused.class)
    ProblemDetail refused(CommandRefused refused) {
        CommandRefused.Reason reason = refused.reason();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(reason.status, refused.getMessage());
        problem.setType(reason.type);
        problem.setTitle(switch (reason) {
            case DISABLED -> "Command type disabled";
            case FOUR_EYES -> "Another person must decide";
            case NOT_AWAITING_APPROVAL -> "Command state conflict";
            case NO_GATEWAY -> "No gateway to send to";
        });
        if (reason.field != null) {
            problem.setProperty(Problems.ERRORS, List.of(new FieldProblem(reason.field, refused.getMessage())));
        }
        return problem;
    }
}
