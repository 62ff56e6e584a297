package city.urbanops.rules.management;

import city.urbanops.rules.management.ChangingRules.Caller;
import city.urbanops.rules.management.RuleChangeOutcome.Changed;
import city.urbanops.rules.management.RuleChangeOutcome.Refused;
import city.urbanops.rules.management.RuleViews.ChangeEntry;
import city.urbanops.rules.management.RuleViews.RuleDetail;
import city.urbanops.rules.management.RuleViews.RuleSummary;
import city.urbanops.rules.management.RuleViews.VersionDetail;
import city.urbanops.rules.management.RuleViews.VersionSummary;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ProblemTypes;
import city.urbanops.security.problem.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Rules and their versions: supervisors and admins create rules, add versions, enable, roll back and disable them,
 * each change with a reason, within their scope; operators, analysts, supervisors and admins read the rules their
 * scope intersects. Technicians and integrators have no access.
 */
@RestController
@RequestMapping("/api/v1/rules")
@Tag(name = "rules", description = "Versioned rules: create, version, enable, roll back, disable, audit")
class RulesController {

    static final String READERS = "hasAnyRole('OPERATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN')";
    static final String WRITERS = "hasAnyRole('SUPERVISOR', 'ADMIN')";
    static final String RULE_ID = "^[a-z0-9][a-z0-9-]{1,62}$";
    /** A path segment the API uses itself, so no rule may be called so. */
    private static final String RESERVED_ID = "schema";
    static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");
    static final URI INVALID_RULE = ProblemTypes.of("invalid-rule");

    private final ChangingRules changing;
    private final RuleQueries queries;
    private final RulesManagementProperties properties;
    private final byte[] schema;

    RulesController(ChangingRules changing, RuleQueries queries, RulesManagementProperties properties) {
        this.changing = changing;
        this.queries = queries;
        this.properties = properties;
        try {
            this.schema = new ClassPathResource("schemas/rule.json").getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the rule schema is missing from the classpath", e);
        }
    }

    /** A new rule: its id, why it is created, and the document (version 1). */
    record NewRule(
            @NotNull @Pattern(regexp = RULE_ID, message = "must be 2-63 lower-case letters, digits or '-', "
                    + "starting with a letter or digit") String id,
            @NotBlank @Size(max = 2000) String reason,
            @NotNull JsonNode rule) {
    }

    /** A new version of a rule. */
    record NewVersion(@NotBlank @Size(max = 2000) String reason, @NotNull JsonNode rule) {
    }

    /** Which version to put in force, and why. */
    record Enable(@NotNull @Min(1) @Max(Integer.MAX_VALUE) Integer version, @NotBlank @Size(max = 2000) String reason) {
    }

    /** Why (a rollback, a disable). */
    record Reason(@NotBlank @Size(max = 2000) String reason) {
    }

    @Operation(summary = "Create a rule: version 1, not enabled (supervisor, admin; within your scope)")
    @PostMapping
    @PreAuthorize(WRITERS)
    ResponseEntity<?> create(@Valid @RequestBody NewRule request, Authentication caller, AccessScope scope) {
        if (RESERVED_ID.equals(request.id())) {
            throw new InvalidRequestException("id", "'" + RESERVED_ID + "' is reserved by the API");
        }
        return answer(changing.create(request.id(), request.reason(), request.rule(), caller(caller, scope)),
                rule -> ResponseEntity.created(URI.create("/api/v1/rules/" + rule.id())).body(queries.detail(rule)));
    }

    @Operation(summary = "Add the next version of a rule, not enabled")
    @PostMapping("/{id}/versions")
    @PreAuthorize(WRITERS)
    ResponseEntity<?> addVersion(@PathVariable String id, @Valid @RequestBody NewVersion request,
                                 Authentication caller, AccessScope scope) {
        return answer(changing.addVersion(id, request.reason(), request.rule(), caller(caller, scope)),
                rule -> ResponseEntity.created(URI.create("/api/v1/rules/" + id + "/versions/" + rule.latestVersion()))
                        .body(queries.version(id, rule.latestVersion(), scope)));
    }

    @Operation(summary = "Put a version in force (an older one than in force is recorded as a rollback)")
    @PostMapping("/{id}/enable")
    @PreAuthorize(WRITERS)
    ResponseEntity<?> enable(@PathVariable String id, @Valid @RequestBody Enable request, Authentication caller,
                             AccessScope scope) {
        return answer(changing.enable(id, request.version(), request.reason(), caller(caller, scope)),
                rule -> ResponseEntity.ok(queries.detail(rule)));
    }

    @Operation(summary = "Put back in force the version that was in force before the current one")
    @PostMapping("/{id}/rollback")
    @PreAuthorize(WRITERS)
    ResponseEntity<?> rollback(@PathVariable String id, @Valid @RequestBody Reason request, Authentication caller,
                               AccessScope scope) {
        return answer(changing.rollback(id, request.reason(), caller(caller, scope)),
                rule -> ResponseEntity.ok(queries.detail(rule)));
    }

    @Operation(summary = "Take the rule out of evaluation (a tombstone on rules.definitions)")
    @PostMapping("/{id}/disable")
    @PreAuthorize(WRITERS)
    ResponseEntity<?> disable(@PathVariable String id, @Valid @RequestBody Reason request, Authentication caller,
                              AccessScope scope) {
        return answer(changing.disable(id, request.reason(), caller(caller, scope)),
                rule -> ResponseEntity.ok(queries.detail(rule)));
    }

    @Operation(summary = "List the rules your scope sees, cursor-paged, filtered by enabled, measurement, district")
    @GetMapping
    @PreAuthorize(READERS)
    ResponseEntity<RulePage<RuleSummary>> list(@RequestParam(required = false) Boolean enabled,
                                               @RequestParam(required = false) String measurement,
                                               @RequestParam(required = false) String district,
                                               @RequestParam(required = false) Integer limit,
                                               @RequestParam(required = false) String cursor, AccessScope scope) {
        return queries.list(enabled, measurement, district, scope, RulePage.keyOf(cursor),
                RulePage.limit(limit, properties)).response();
    }

    @Operation(summary = "A rule: latest and enabled version with their documents")
    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    RuleDetail rule(@PathVariable String id, AccessScope scope) {
        return queries.rule(id, scope);
    }

    @Operation(summary = "The versions of a rule (without documents), oldest first, cursor-paged")
    @GetMapping("/{id}/versions")
    @PreAuthorize(READERS)
    ResponseEntity<RulePage<VersionSummary>> versions(@PathVariable String id,
                                                      @RequestParam(required = false) Integer limit,
                                                      @RequestParam(required = false) String cursor,
                                                      AccessScope scope) {
        return queries.versions(id, scope, RulePage.numericKeyOf(cursor), RulePage.limit(limit, properties))
                .response();
    }

    @Operation(summary = "One version of a rule with its document")
    @GetMapping("/{id}/versions/{version}")
    @PreAuthorize(READERS)
    VersionDetail version(@PathVariable String id, @PathVariable int version, AccessScope scope) {
        return queries.version(id, version, scope);
    }

    @Operation(summary = "The audit trail of a rule, newest first, cursor-paged")
    @GetMapping("/{id}/history")
    @PreAuthorize(READERS)
    ResponseEntity<RulePage<ChangeEntry>> history(@PathVariable String id,
                                                  @RequestParam(required = false) Integer limit,
                                                  @RequestParam(required = false) String cursor, AccessScope scope) {
        return queries.history(id, scope, RulePage.numericKeyOf(cursor), RulePage.limit(limit, properties))
                .response();
    }

    /** The JSON Schema every rule document is checked against. */
    @Operation(summary = "The JSON Schema of a rule document")
    @GetMapping(value = "/schema", produces = "application/schema+json")
    @PreAuthorize(READERS)
    ResponseEntity<byte[]> schema() {
        return ResponseEntity.ok().contentType(SCHEMA_JSON).body(schema);
    }

    private ResponseEntity<?> answer(RuleChangeOutcome outcome,
                                     java.util.function.Function<RuleRows.RuleRow, ResponseEntity<?>> changed) {
        return switch (outcome) {
            case Changed done -> changed.apply(done.rule());
            case Refused refused -> refusal(refused);
        };
    }

    private static ResponseEntity<?> refusal(Refused refused) {
        return switch (refused.refusal()) {
            case NOT_FOUND -> throw new ResourceNotFoundException(refused.detail());
            case INVALID_REQUEST -> throw new InvalidRequestException(refused.errors().stream()
                    .map(e -> new FieldProblem(e.field(), e.reason())).toList());
            case DUPLICATE, CONFLICT -> problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", refused);
            case OUT_OF_SCOPE -> problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Outside your scope", refused);
            case INVALID_RULE -> {
                var problem = problemDetail(HttpStatus.BAD_REQUEST, INVALID_RULE, "Invalid rule", refused);
                problem.setProperty("errors", refused.errors());
                yield ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
            }
            case VOCABULARY_LOADING -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5").contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problemDetail(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("registry-vocabulary-loading"),
                            "Registry vocabulary loading", refused));
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String title, Refused refused) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemDetail(status, type, title, refused));
    }

    private static ProblemDetail problemDetail(HttpStatus status, URI type, String title, Refused refused) {
        var problem = ProblemDetail.forStatusAndDetail(status, refused.detail());
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    private static Caller caller(Authentication authentication, AccessScope scope) {
        return new Caller(authentication.getName(), scope);
    }
}
