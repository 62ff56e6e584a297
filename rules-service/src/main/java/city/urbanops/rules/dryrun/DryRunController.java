package city.urbanops.rules.dryrun;

import city.urbanops.rules.rule.RuleAccess;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ProblemTypes;
import city.urbanops.security.problem.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The dry run of a rule version over recorded history, beside the version in force. */
@RestController
@Tag(name = "dry run", description = "what a rule version would have raised over recorded history")
class DryRunController {

    private static final Logger log = LoggerFactory.getLogger(DryRunController.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final RuleVersionLookup rules;
    private final DryRunning dryRunning;
    private final DryRunProperties properties;
    private final Clock clock;

    DryRunController(RuleVersionLookup rules, DryRunning dryRunning, DryRunProperties properties,
                     ObjectProvider<Clock> clock) {
        this.rules = rules;
        this.dryRunning = dryRunning;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The range to replay, {@code [from, to)}, ISO-8601 instants. */
    record DryRunRequest(@Schema(example = "2026-11-23T00:00:00Z") Instant from,
                         @Schema(example = "2026-11-30T00:00:00Z") Instant to) {
    }

    @Operation(summary = "Dry-run a rule version over recorded history",
            description = "Replays the readings and gateway status of [from, to) (at most the retention of the class "
                    + "topics, and at most urbanops.rules.dry-run.max-range long) through the live evaluation, once "
                    + "with this version and once with the version in force, and returns what each would have "
                    + "raised. Nothing is emitted. A bound reached (records, time) returns the partial result with "
                    + "truncated = true.")
    @ApiResponse(responseCode = "200", description = "the alerts each version would have raised, compared")
    @ApiResponse(responseCode = "400", description = "'from' or 'to' missing, 'to' not after 'from', range too long "
            + "or in the future", content = @Content(mediaType = PROBLEM_JSON))
    @ApiResponse(responseCode = "403", description = "technicians and integrators may not dry-run rules",
            content = @Content(mediaType = PROBLEM_JSON))
    @ApiResponse(responseCode = "404", description = "no such rule or version, or outside the caller's scope",
            content = @Content(mediaType = PROBLEM_JSON))
    @ApiResponse(responseCode = "429", description = "as many dry runs as allowed are running; see Retry-After",
            content = @Content(mediaType = PROBLEM_JSON))
    @ApiResponse(responseCode = "503", description = "Kafka, where the history is, cannot be read now",
            content = @Content(mediaType = PROBLEM_JSON))
    @PostMapping("/api/v1/rules/{ruleId}/versions/{version}/dry-run")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN', 'ANALYST', 'OPERATOR')")
    ResponseEntity<DryRunResult> dryRun(@PathVariable String ruleId, @PathVariable int version,
                                        @RequestBody DryRunRequest request,
                                        @Parameter(hidden = true) AccessScope scope) {
        var range = new DryRunRange(request.from(), request.to());
        var problems = range.problems(properties.maxRange(), clock.instant());
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        var candidate = rules.version(ruleId, version)
                .filter(release -> RuleAccess.sees(scope, release.document().scope()))
                .orElseThrow(() -> new ResourceNotFoundException("No version " + version + " of rule '" + ruleId
                        + "'."));
        var attempt = dryRunning.run(candidate, rules.enabled(ruleId), range.from(), range.to());
        return switch (attempt) {
            case DryRunAttempt.Ran(DryRunResult result) -> ResponseEntity.ok(result);
            case DryRunAttempt.Busy(Duration retryAfter) -> throw busy(retryAfter);
        };
    }

    @ExceptionHandler(HistoryUnavailableException.class)
    ResponseEntity<ProblemDetail> historyUnavailable(HistoryUnavailableException unavailable) {
        log.warn("Dry run refused, history unreadable: {}", unavailable.getMessage());
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The recorded history cannot be read from Kafka now; retry shortly.");
        problem.setType(ProblemTypes.of("history-unavailable"));
        problem.setTitle("History unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, properties.kafkaTimeout().toSeconds())))
                .body(problem);
    }

    private static ErrorResponseException busy(Duration retryAfter) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "As many dry runs as this instance allows are running; retry after " + retryAfter.toSeconds()
                        + " s.");
        problem.setType(ProblemTypes.of("dry-run-busy"));
        problem.setTitle("Dry run busy");
        var refusal = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return refusal;
    }
}
