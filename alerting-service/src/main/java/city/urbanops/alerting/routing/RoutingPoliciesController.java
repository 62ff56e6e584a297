package city.urbanops.alerting.routing;

import static city.urbanops.alerting.routing.RoutingProblems.conflict;
import static city.urbanops.alerting.routing.RoutingProblems.notFound;
import static city.urbanops.alerting.routing.RoutingProblems.refuseIfAny;

import city.urbanops.security.problem.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import city.urbanops.alerting.audit.AuditLog;
import java.util.Map;
import java.time.Instant;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routing policies: supervisors and admins write them, operators and analysts read them. The list shows the
 * configured fallback route next to the stored policies, so nobody has to guess where unmatched alerts go.
 */
@RestController
@RequestMapping("/api/v1/routing-policies")
@Tag(name = "routing-policies", description = "Which alerts go to whom, in priority order, and how they escalate")
class RoutingPoliciesController {

    static final String READERS = "hasAnyRole('OPERATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN')";
    static final String WRITERS = "hasAnyRole('SUPERVISOR', 'ADMIN')";

    private final RoutingPolicyRepository policies;
    private final ScheduleRepository schedules;
    private final RoutingProperties properties;
    private final Clock clock;
    private final AuditLog audit;

    RoutingPoliciesController(RoutingPolicyRepository policies, ScheduleRepository schedules,
                              RoutingProperties properties, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.policies = policies;
        this.schedules = schedules;
        this.properties = properties;
        this.clock = clock;
    }

    /** A policy as written by a client; {@code enabled} defaults to true, {@code groupWait} to 30 seconds. */
    record PolicyRequest(String id, String name, Integer priority, Boolean enabled, PolicyMatch match,
                         String scheduleId, List<Recipient> users, List<String> webhookEndpointIds,
                         Duration groupWait, List<GroupField> groupBy, List<EscalationLevel> escalation) {

        RoutingPolicy toPolicy(String policyId) {
            if (priority == null) {
                throw new InvalidRequestException("priority", "is required (lower is tried first)");
            }
            return new RoutingPolicy(policyId, name, priority, enabled == null || enabled, match, scheduleId, users,
                    webhookEndpointIds, groupWait == null ? Duration.ofSeconds(30) : groupWait, groupBy, escalation);
        }
    }

    /** The stored policies in the order the router tries them, and the fallback that catches the rest. */
    record PolicyList(List<RoutingPolicy> items, RoutingPolicy fallback) {
    }

    @Operation(summary = "The routing policies in priority order, and the fallback route")
    @GetMapping
    @PreAuthorize(READERS)
    PolicyList list() {
        return new PolicyList(policies.inOrder(), properties.fallback().asPolicy());
    }

    @Operation(summary = "One routing policy")
    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    RoutingPolicy policy(@PathVariable String id) {
        return policies.find(id).orElseThrow(() -> notFound("routing policy", id));
    }

    @Operation(summary = "Create a routing policy (supervisor, admin)")
    @PostMapping
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<RoutingPolicy> create(@RequestBody PolicyRequest request, Authentication caller) {
        var policy = validated(request.toPolicy(request.id()));
        if (policies.find(policy.id()).isPresent()) {
            throw conflict("a routing policy '" + policy.id() + "' exists: PUT it to change it");
        }
        if (policies.count() >= properties.maxPolicies()) {
            throw conflict("at most " + properties.maxPolicies() + " routing policies (urbanops.alerting.routing.max-policies)");
        }
        Instant now = clock.instant();
        policies.save(policy, caller.getName(), now);
        audited("routing-policy.created", policy, caller.getName(), now);
        return ResponseEntity.created(URI.create("/api/v1/routing-policies/" + policy.id())).body(policy);
    }

    @Operation(summary = "Replace a routing policy (supervisor, admin)")
    @PutMapping("/{id}")
    @PreAuthorize(WRITERS)
    @Transactional
    RoutingPolicy replace(@PathVariable String id, @RequestBody PolicyRequest request, Authentication caller) {
        if (request.id() != null && !request.id().equals(id)) {
            throw new InvalidRequestException("id", "differs from the id in the path");
        }
        policies.find(id).orElseThrow(() -> notFound("routing policy", id));
        var policy = validated(request.toPolicy(id));
        Instant now = clock.instant();
        policies.save(policy, caller.getName(), now);
        audited("routing-policy.changed", policy, caller.getName(), now);
        return policy;
    }

    @Operation(summary = "Delete a routing policy (supervisor, admin)")
    @DeleteMapping("/{id}")
    @PreAuthorize(WRITERS)
    @Transactional
    ResponseEntity<Void> delete(@PathVariable String id, Authentication caller) {
        if (!policies.delete(id)) {
            throw notFound("routing policy", id);
        }
        audit.record(clock.instant(), new AuditLog.Action(caller.getName(), "routing-policy.deleted",
                "routing-policy", id, null, null, Map.of()));
        return ResponseEntity.noContent().build();
    }

    private void audited(String action, RoutingPolicy policy, String actor, Instant at) {
        audit.record(at, new AuditLog.Action(actor, action, "routing-policy", policy.id(), null, null, Map.of(
                "name", String.valueOf(policy.name()), "priority", String.valueOf(policy.priority()),
                "enabled", String.valueOf(policy.enabled()))));
    }

    private RoutingPolicy validated(RoutingPolicy policy) {
        refuseIfAny(RoutingValidation.ofPolicy(policy, properties.maxLevels(),
                scheduleId -> schedules.findAt(scheduleId, clock.instant()).isPresent()));
        return policy;
    }
}
