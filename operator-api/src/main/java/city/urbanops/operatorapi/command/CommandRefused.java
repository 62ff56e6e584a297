package city.urbanops.operatorapi.command;

import city.urbanops.security.problem.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * A command step the rules do not allow, answered as problem+json by {@link CommandProblemAdvice} and as a message on
 * the console page.
 */
final class CommandRefused extends RuntimeException {

    /** Why, with the HTTP status, the problem type and the field it names. */
    enum Reason {
        /** The type is disabled for the target's department and district. */
        DISABLED(HttpStatus.FORBIDDEN, ProblemTypes.of("command-disabled"), "type"),
        /** The proposer may not approve or reject their own command. */
        FOUR_EYES(HttpStatus.FORBIDDEN, ProblemTypes.of("four-eyes"), null),
        /** Only a command awaiting approval can be approved or rejected. */
        NOT_AWAITING_APPROVAL(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, null),
        /** The device is behind no gateway, so there is nothing to send the command to. */
        NO_GATEWAY(HttpStatus.CONFLICT, ProblemTypes.of("no-gateway"), "deviceId");

        final HttpStatus status;
        final URI type;
        final String field;

        Reason(HttpStatus status, URI type, String field) {
            this.status = status;
            this.type = type;
            this.field = field;
        }
    }

    private final Reason reason;

    CommandRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
