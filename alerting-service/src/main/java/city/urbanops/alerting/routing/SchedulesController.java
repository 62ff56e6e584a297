package city.urbanops.alerting.routing;

import static city.urbanops.alerting.routing.RoutingProblems.conflict;
import static city.urbanops.alerting.routing.RoutingProblems.notFound;
import static city.urbanops.alerting.routing.RoutingProblems.refuseIfAny;

import city.urbanops.alerting.routing.OnCallSchedule.OnCall;
import city.urbanops.security.problem.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import city.urbanops.alerting.audit.AuditLog;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** On-call schedules, their overrides, and who is on call at a moment. Supervisors and admins write; operators and analysts read. */
@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "schedules", description = "On-call schedules: rotations as iCalendar rules, overrides, who is on call")
class SchedulesController {

    private static final String READERS = RoutingPoliciesController.READERS;
    private static final String WRITERS = RoutingPoliciesController.WRITERS;

    private final ScheduleRepository schedules;
    private final RoutingPolicyRepository policies;
    private final Clock clock;
    private final AuditLog audit;

    SchedulesController(ScheduleRepository schedules, RoutingPolicyRepository policies, Clock clock,
                        AuditLog audit) {
        this.audit = audit;
        this.schedules = schedules;
        this.policies = policies;
        this.clock = clock;
    }

    /** A schedule as written by a client (overrides are added on their own). */
    record ScheduleRequest(String id, String name, String timeZone, List<Rotation> rotations) {

        OnCallSchedule toSchedule(String scheduleId) {
            return new OnCallSchedule(scheduleId, name, timeZone, rotations, List.of());
        }
    }

    /** An override as written by a client. */
    record OverrideRequest(Recipient person, Instant startsAt, Instant endsAt) {
    }

    @Operation(summary = "The schedules (rotations, without overrides)")
    @GetMapping
    @PreAuthorize(READERS)
    List<OnCallSchedule> list() {
        return schedules.all();
    }

    @Operation(summary = "One schedule with its current and future overrides")
    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    OnCallSchedule schedule(@PathVariable String id) {
        return schedules.findFrom(id, clock.instant()).orElseThrow(() -> notFound("schedule", id));
    }

    @Operation(summary = "Who is on call at a moment (now when at is left out)")
    @GetMapping("/{id}/on-call")
    @PreAuthorize(READERS)
    OnCall onCall(@PathVariable String id, @RequestParam(required = false) Instant at) {
        var moment = at == null ? clock.instant() : at;
        return schedules.findAt(id, moment).orElseThrow(() -> notFound("schedule", id)).onCallAt(moment);
    }

    @Operation(summary = "Create a schedule (supervisor, admin)")
    @PostMapping
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<OnCallSchedule> create(@RequestBody ScheduleRequest request, Authentication caller) {
        var schedule = request.toSchedule(request.id());
        refuseIfAny(RoutingValidation.ofSchedule(schedule));
        if (schedules.findAt(schedule.id(), clock.instant()).isPresent()) {
            throw conflict("a schedule '" + schedule.id() + "' exists: PUT it to change it");
        }
        schedules.save(schedule, caller.getName(), clock.instant());
        audited(caller.getName(), "schedule.created", "schedule", schedule.id(),
                Map.of("name", String.valueOf(schedule.name())));
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + schedule.id())).body(schedule);
    }

    @Operation(summary = "Replace a schedule's name, zone and rotations; its overrides stay (supervisor, admin)")
    @PutMapping("/{id}")
    @PreAuthorize(WRITERS)
    @Transactional
    OnCallSchedule replace(@PathVariable String id, @RequestBody ScheduleRequest request, Authentication caller) {
        if (request.id() != null && !request.id().equals(id)) {
            throw new InvalidRequestException("id", "differs from the id in the path");
        }
        schedules.findAt(id, clock.instant()).orElseThrow(() -> notFound("schedule", id));
        var schedule = request.toSchedule(id);
        refuseIfAny(RoutingValidation.ofSchedule(schedule));
        schedules.save(schedule, caller.getName(), clock.instant());
        audited(caller.getName(), "schedule.changed", "schedule", id,
                Map.of("name", String.valueOf(schedule.name())));
        return schedules.findFrom(id, clock.instant()).orElseThrow();
    }

    @Operation(summary = "Delete a schedule no policy refers to (supervisor, admin)")
    @DeleteMapping("/{id}")
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<Void> delete(@PathVariable String id, Authentication caller) {
        var users = policies.referencing(id);
        if (!users.isEmpty()) {
            throw conflict("schedule '" + id + "' is used by routing policies " + users);
        }
        if (!schedules.delete(id)) {
            throw notFound("schedule", id);
        }
        audited(caller.getName(), "schedule.deleted", "schedule", id, Map.of());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Put a person on call for a time range, over the rotations (supervisor, admin)")
    @PostMapping("/{id}/overrides")
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<OnCallOverride> addOverride(@PathVariable String id, @RequestBody OverrideRequest request,
                                               Authentication caller) {
        schedules.findAt(id, clock.instant()).orElseThrow(() -> notFound("schedule", id));
        var override = new OnCallOverride(UUID.randomUUID(), request.person(), request.startsAt(), request.endsAt(),
                caller.getName());
        refuseIfAny(RoutingValidation.ofOverride(override));
        schedules.addOverride(id, override, clock.instant());
        audited(caller.getName(), "override.created", "override", override.id().toString(), Map.of("schedule", id,
                "person", String.valueOf(override.person()), "startsAt", String.valueOf(override.startsAt()),
                "endsAt", String.valueOf(override.endsAt())));
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + id + "/overrides/" + override.id()))
                .body(override);
    }

    @Operation(summary = "Remove an override (supervisor, admin)")
    @DeleteMapping("/{id}/overrides/{overrideId}")
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<Void> deleteOverride(@PathVariable String id, @PathVariable UUID overrideId,
                                        Authentication caller) {
        if (!schedules.deleteOverride(id, overrideId)) {
            throw notFound("override", overrideId.toString());
        }
        audited(caller.getName(), "override.deleted", "override", overrideId.toString(), Map.of("schedule", id));
        return ResponseEntity.noContent().build();
    }

    private void audited(String actor, String action, String targetType, String targetId, Map<String, String> details) {
        audit.record(clock.instant(), new AuditLog.Action(actor, action, targetType, targetId, null, null, details));
    }
}
