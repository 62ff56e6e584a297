package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alerts API: list (filters, keyset cursor), one alert, its timeline, and what people do to it. Every read and
 * act is limited to the caller's departments and districts: an alert outside them is a 404, like one that does not
 * exist.
 */
@RestController
@RequestMapping("/api/v1")
class AlertsController {

    static final String READERS = "hasAnyRole('ADMIN', 'SUPERVISOR', 'OPERATOR', 'TECHNICIAN', 'ANALYST', 'INTEGRATOR')";
    static final String RESPONDERS = "hasAnyRole('ADMIN', 'SUPERVISOR', 'OPERATOR', 'TECHNICIAN')";
    static final String DISPATCHERS = "hasAnyRole('ADMIN', 'SUPERVISOR', 'OPERATOR')";
    static final String SUPERVISORS = "hasAnyRole('ADMIN', 'SUPERVISOR')";

    private final AlertLifecycle lifecycle;
    private final AlertApiProperties properties;

    AlertsController(AlertLifecycle lifecycle, AlertApiProperties properties) {
        this.lifecycle = lifecycle;
        this.properties = properties;
    }

    record Page<T>(List<T> items, String nextCursor) {
    }

    record Note(String note) {
    }

    record Assignment(String person, String team) {
    }

    record Comment(String text) {
    }

    record ModeChange(@NotNull ResolutionMode mode) {
    }

    record ModeView(String ruleId, ResolutionMode mode) {
    }

    @GetMapping("/alerts")
    @PreAuthorize(READERS)
    @Operation(summary = "Alerts in the caller's scope, newest first, with filters and a cursor for the next page")
    Page<AlertView> list(@RequestParam(required = false) AlertStatus status,
                         @RequestParam(required = false) AlertEvent.Severity severity,
                         @RequestParam(required = false) AlertEvent.Cause cause,
                         @RequestParam(required = false) String department,
                         @RequestParam(required = false) String district,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                         @RequestParam(required = false) String cursor,
                         @RequestParam(required = false) Integer limit,
                         AccessScope scope) {
        int pageSize = pageSize(limit, properties.maxLimit());
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("from", "must be before 'to'");
        }
        var query = new AlertQuery(status, severity, cause, department, district, from, to, scope,
                Cursors.alertPosition(cursor));
        List<StoredAlert> found = lifecycle.list(query, pageSize + 1);
        List<AlertView> items = found.stream().limit(pageSize).map(AlertView::of).toList();
        String next = found.size() > pageSize
                ? Cursors.ofAlert(new AlertQuery.Position(items.getLast().openedAt(), items.getLast().id())) : null;
        return new Page<>(items, next);
    }

    @GetMapping("/alerts/{id}")
    @PreAuthorize(READERS)
    @Operation(summary = "One alert")
    AlertView one(@PathVariable UUID id, AccessScope scope) {
        return AlertView.of(visible(id, scope));
    }

    @GetMapping("/alerts/{id}/timeline")
    @PreAuthorize(READERS)
    @Operation(summary = "Who did what to an alert and when, oldest first")
    Page<TimelineEntry> timeline(@PathVariable UUID id, @RequestParam(required = false) String cursor,
                                 @RequestParam(required = false) Integer limit, AccessScope scope) {
        visible(id, scope);
        int pageSize = pageSize(limit, properties.maxTimeline());
        List<TimelineEntry> found = lifecycle.timeline(id, Cursors.timelinePosition(cursor), pageSize + 1);
        List<TimelineEntry> items = found.stream().limit(pageSize).toList();
        return new Page<>(items, found.size() > pageSize ? Cursors.ofTimeline(items.getLast().sequence()) : null);
    }

    @PostMapping("/alerts/{id}/acknowledge")
    @PreAuthorize(RESPONDERS)
    @Operation(summary = "Acknowledge an open alert (409 if it is acknowledged or resolved)")
    AlertView acknowledge(@PathVariable UUID id, @RequestBody(required = false) Note body, AccessScope scope,
                          Principal caller) {
        visible(id, scope);
        String note = text("note", body == null ? null : body.note(), false);
        retryingLockConflicts(() -> lifecycle.acknowledge(id, caller.getName(), note));
        return AlertView.of(visible(id, scope));
    }

    @PostMapping("/alerts/{id}/assign")
    @PreAuthorize(DISPATCHERS)
    @Operation(summary = "Assign an alert to a person or a team (exactly one of person, team)")
    AlertView assign(@PathVariable UUID id, @RequestBody Assignment body, AccessScope scope, Principal caller) {
        visible(id, scope);
        boolean person = body.person() != null && !body.person().isBlank();
        boolean team = body.team() != null && !body.team().isBlank();
        if (person == team) {
            throw new InvalidRequestException(List.of(new FieldProblem("person", "or 'team': exactly one is required"),
                    new FieldProblem("team", "or 'person': exactly one is required")));
        }
        String name = name(person ? "person" : "team", person ? body.person() : body.team());
        return AlertView.of(retryingLockConflicts(() -> lifecycle.assign(id,
                person ? AssigneeKind.PERSON : AssigneeKind.TEAM, name, caller.getName())));
    }

    @PostMapping("/alerts/{id}/comments")
    @PreAuthorize(RESPONDERS)
    @Operation(summary = "Comment on an alert")
    ResponseEntity<AlertView> comment(@PathVariable UUID id, @RequestBody Comment body, AccessScope scope,
                                      Principal caller) {
        visible(id, scope);
        String text = text("text", body.text(), true);
        return ResponseEntity.status(201).body(AlertView.of(retryingLockConflicts(
                () -> lifecycle.comment(id, caller.getName(), text))));
    }

    @PostMapping("/alerts/{id}/resolve")
    @PreAuthorize(RESPONDERS)
    @Operation(summary = "Resolve an open or acknowledged alert (409 if it is resolved)")
    AlertView resolve(@PathVariable UUID id, @RequestBody(required = false) Note body, AccessScope scope,
                      Principal caller) {
        visible(id, scope);
        String note = text("note", body == null ? null : body.note(), false);
        return AlertView.of(retryingLockConflicts(() -> lifecycle.resolve(id, caller.getName(), note)));
    }

    @PutMapping("/alert-resolution-modes/{ruleId}")
    @PreAuthorize(SUPERVISORS)
    @Operation(summary = "Whether a rule's clear resolves its alerts (AUTOMATIC, the default) or only records it")
    ModeView setResolutionMode(@PathVariable String ruleId, @Valid @RequestBody ModeChange body, Principal caller) {
        if (!ruleId.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            throw new InvalidRequestException("ruleId", "is not a rule id (lower-case letters, digits and '-')");
        }
        lifecycle.setResolutionMode(ruleId, body.mode(), caller.getName());
        return new ModeView(ruleId, body.mode());
    }

    private StoredAlert visible(UUID id, AccessScope scope) {
        return lifecycle.findStored(id)
                .filter(stored -> scope.allows(stored.alert().department(), stored.alert().district()))
                .orElseThrow(() -> new ResourceNotFoundException("No alert " + id + "."));
    }

    private int pageSize(Integer limit, int max) {
        if (limit == null) {
            return Math.min(properties.defaultLimit(), max);
        }
        if (limit < 1 || limit > max) {
            throw new InvalidRequestException("limit", "must be between 1 and " + max);
        }
        return limit;
    }

    private String text(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidRequestException(field, "is required");
            }
            return null;
        }
        if (value.codePointCount(0, value.length()) > properties.maxTextLength()) {
            throw new InvalidRequestException(field, "must be at most " + properties.maxTextLength() + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidRequestException(field, "must not contain U+0000");
        }
        return value;
    }

    private String name(String field, String value) {
        String trimmed = value.strip();
        if (trimmed.length() > properties.maxAssigneeLength() || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(field, "must be at most " + properties.maxAssigneeLength()
                    + " printable characters");
        }
        return trimmed;
    }

    /**
     * Runs a change of an alert (its own transaction) again when PostgreSQL chose it as a deadlock's victim or could
     * not lock in time: the transaction was rolled back whole, so trying again is safe; a third failure is a 500.
     */
    private static <T> T retryingLockConflicts(java.util.function.Supplier<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (org.springframework.dao.PessimisticLockingFailureException conflict) {
                if (attempt == 3) {
                    throw conflict;
                }
            }
        }
    }
}
