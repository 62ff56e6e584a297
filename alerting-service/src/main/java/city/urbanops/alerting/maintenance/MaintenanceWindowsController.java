package city.urbanops.alerting.maintenance;

import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.transaction.annotation.Transactional;
import city.urbanops.alerting.audit.AuditLog;
import java.util.Map;

/**
 * Maintenance windows: supervisors and admins plan them, operators and analysts read them. A district's window is
 * listed only to callers whose scope includes the district.
 */
@RestController
@RequestMapping("/api/v1/maintenance-windows")
@Tag(name = "maintenance-windows", description = "Periods in which a device, gateway, site or district is not notified about")
class MaintenanceWindowsController {

    private static final String READERS = "hasAnyRole('OPERATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN')";
    private static final String WRITERS = "hasAnyRole('SUPERVISOR', 'ADMIN')";
    private static final int LIST_LIMIT = 500;

    private final MaintenanceWindowRepository windows;
    private final MaintenanceProperties properties;
    private final Clock clock;
    private final AuditLog audit;

    MaintenanceWindowsController(MaintenanceWindowRepository windows, MaintenanceProperties properties, Clock clock,
                                 AuditLog audit) {
        this.audit = audit;
        this.windows = windows;
        this.properties = properties;
        this.clock = clock;
    }

    /** A window as a client plans it. */
    record WindowRequest(MaintenanceWindow.Target target, String targetId, Instant startsAt, Instant endsAt,
                         String reason) {
    }

    /** The windows not yet ended, soonest first (at most {@value #LIST_LIMIT}). */
    record WindowList(List<MaintenanceWindow> items) {
    }

    @Operation(summary = "Plan a maintenance window (supervisor, admin)")
    @PostMapping
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<MaintenanceWindow> create(@RequestBody WindowRequest request, Authentication caller) {
        var now = clock.instant();
        var problems = problems(request, now, properties.maxDuration());
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        var window = new MaintenanceWindow(UUID.randomUUID(), request.target(), request.targetId().trim(),
                request.startsAt(), request.endsAt(), request.reason().trim(), caller.getName());
        windows.save(window, now);
        audit.record(now, new AuditLog.Action(caller.getName(), "maintenance-window.created", "maintenance-window",
                window.id().toString(), null, districtOf(window), Map.of("target", window.target().name(), "targetId",
                        window.targetId(), "startsAt", window.startsAt().toString(), "endsAt",
                        window.endsAt().toString(), "reason", window.reason())));
        return ResponseEntity.created(URI.create("/api/v1/maintenance-windows/" + window.id())).body(window);
    }

    @Operation(summary = "The maintenance windows not yet ended, in your scope")
    @GetMapping
    @PreAuthorize(READERS)
    WindowList list(AccessScope scope) {
        return new WindowList(windows.notEndedBy(clock.instant(), LIST_LIMIT).stream()
                .filter(window -> visible(window, scope)).toList());
    }

    @Operation(summary = "One maintenance window")
    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    MaintenanceWindow window(@PathVariable UUID id, AccessScope scope) {
        return windows.find(id).filter(window -> visible(window, scope))
                .orElseThrow(() -> new ResourceNotFoundException("no maintenance window " + id));
    }

    @Operation(summary = "End a maintenance window early by deleting it (supervisor, admin)")
    @DeleteMapping("/{id}")
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id, Authentication caller) {
        var window = windows.find(id);
        if (!windows.delete(id)) {
            throw new ResourceNotFoundException("no maintenance window " + id);
        }
        audit.record(clock.instant(), new AuditLog.Action(caller.getName(), "maintenance-window.deleted",
                "maintenance-window", id.toString(), null, window.map(MaintenanceWindowsController::districtOf)
                .orElse(null), Map.of()));
        return ResponseEntity.noContent().build();
    }

    /** The district a window is for, when it is for one: its department is not known here. */
    private static String districtOf(MaintenanceWindow window) {
        return window.target() == MaintenanceWindow.Target.DISTRICT ? window.targetId() : null;
    }

    static List<FieldProblem> problems(WindowRequest request, Instant now, Duration maxDuration) {
        var problems = new ArrayList<FieldProblem>();
        if (request.target() == null) {
            problems.add(new FieldProblem("target", "is required: DEVICE, GATEWAY, SITE or DISTRICT"));
        }
        if (request.targetId() == null || request.targetId().isBlank() || request.targetId().length() > 200) {
            problems.add(new FieldProblem("targetId", "must be 1 to 200 characters"));
        }
        if (request.reason() == null || request.reason().isBlank() || request.reason().length() > 2000) {
            problems.add(new FieldProblem("reason", "must be 1 to 2000 characters"));
        }
        if (request.startsAt() == null) {
            problems.add(new FieldProblem("startsAt", "is required"));
        }
        if (request.endsAt() == null) {
            problems.add(new FieldProblem("endsAt", "is required"));
        } else if (!request.endsAt().isAfter(now)) {
            problems.add(new FieldProblem("endsAt", "must be in the future"));
        }
        if (request.startsAt() != null && request.endsAt() != null) {
            if (!request.endsAt().isAfter(request.startsAt())) {
                problems.add(new FieldProblem("endsAt", "must be after startsAt"));
            } else if (Duration.between(request.startsAt(), request.endsAt()).compareTo(maxDuration) > 0) {
                problems.add(new FieldProblem("endsAt", "a window lasts at most " + maxDuration
                        + " (urbanops.alerting.maintenance.max-duration)"));
            }
        }
        return problems;
    }

    private static boolean visible(MaintenanceWindow window, AccessScope scope) {
        return window.target() != MaintenanceWindow.Target.DISTRICT
                || scope.districts().contains(AccessScope.ALL) || scope.districts().contains(window.targetId());
    }
}
