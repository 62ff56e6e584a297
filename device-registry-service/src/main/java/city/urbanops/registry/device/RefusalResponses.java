package city.urbanops.registry.device;

import city.urbanops.security.problem.ProblemTypes;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Answers a use case's outcome: the change made, or its refusal as problem+json (412 for a stale version, 409 for
 * what the device's state forbids), counted by reason.
 */
@Component
public class RefusalResponses {

    private final RegistryMetrics metrics;

    public RefusalResponses(RegistryMetrics metrics) {
        this.metrics = metrics;
    }

    /** The answer to {@code outcome}: {@code onDone} for a change made, a problem for a refusal. */
    public <T> ResponseEntity<?> answer(Outcome<T> outcome, Function<T, ResponseEntity<?>> onDone) {
        return switch (outcome) {
            case Outcome.Done<T> done -> onDone.apply(done.value());
            case Outcome.Refused<T> refused -> {
                metrics.refused(refused.refusal());
                yield problem(refused.refusal());
            }
        };
    }

    public static ResponseEntity<ProblemDetail> problem(Refusal refusal) {
        ProblemDetail problem = switch (refusal) {
            case Refusal.StaleVersion stale -> {
                ProblemDetail p = problem(HttpStatus.PRECONDITION_FAILED, "stale-version", "Stale version", stale);
                p.setProperty("expectedVersion", stale.expected());
                p.setProperty("currentVersion", stale.current());
                yield p;
            }
            case Refusal.InvalidTransition transition -> {
                ProblemDetail p = problem(HttpStatus.CONFLICT, "invalid-transition", "Invalid lifecycle transition",
                        transition);
                p.setProperty("from", transition.from());
                p.setProperty("to", transition.to());
                p.setProperty("allowed", transition.allowed());
                yield p;
            }
            case Refusal.StateConflict conflict ->
                    problem(HttpStatus.CONFLICT, conflict.code(), "Conflict with the device's state", conflict);
            case Refusal.Duplicate duplicate -> {
                ProblemDetail p = problem(HttpStatus.CONFLICT, "duplicate", "Already taken", duplicate);
                p.setProperty("field", duplicate.field());
                yield p;
            }
        };
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, Refusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refusal.detail());
        problem.setType(ProblemTypes.of(slug));
        problem.setTitle(title);
        return problem;
    }
}
