package city.urbanops.alerting.routing;

import city.urbanops.alerting.alert.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The router: the first policy (by priority) that matches the alert at the moment and reaches somebody (a person on
 * call, a named user or a webhook) routes it. An alert no policy matches, or whose policy reaches nobody at that
 * moment (an empty schedule, a deleted one), goes to the configured fallback route, which says so
 * ({@code fallback=true}, the policy name gives the reason) and is counted, so a gap in the policies shows.
 */
@Component
public class PolicyRouter implements Router {

    private static final Logger log = LoggerFactory.getLogger(PolicyRouter.class);

    private final RoutingPolicyRepository policies;
    private final ScheduleRepository schedules;
    private final RoutingProperties.Fallback fallback;
    private final Counter unmatched;
    private final Counter unreachable;

    public PolicyRouter(RoutingPolicyRepository policies, ScheduleRepository schedules, RoutingProperties properties,
                        MeterRegistry meters) {
        this.policies = policies;
        this.schedules = schedules;
        this.fallback = properties.fallback();
        this.unmatched = fallbackCounter(meters, "no-policy-matched");
        this.unreachable = fallbackCounter(meters, "nobody-reachable");
        if (fallback.scheduleId() == null && fallback.recipients().isEmpty() && fallback.webhookEndpointIds().isEmpty()) {
            log.warn("The fallback route reaches nobody: set urbanops.alerting.routing.fallback.recipients, "
                    + ".schedule-id or .webhook-endpoint-ids, or unmatched alerts are only recorded");
        }
    }

    private static Counter fallbackCounter(MeterRegistry meters, String reason) {
        return Counter.builder("urbanops.alerting.routing.fallback")
                .description("Alerts routed to the fallback route, by why no policy took them")
                .tag("reason", reason).register(meters);
    }

    @Override
    public Route route(Alert alert, Instant at) {
        for (RoutingPolicy policy : policies.inOrder()) {
            if (!policy.enabled() || !policy.match().matches(alert, at)) {
                continue;
            }
            var route = routeBy(policy, alert, at, false, policy.name());
            if (!route.recipients().isEmpty() || !route.webhookEndpointIds().isEmpty()) {
                return route;
            }
            unreachable.increment();
            log.warn("Alert {} matched policy {} but nobody is on call in it at {}: routed to the fallback",
                    alert.id(), policy.id(), at);
            return routeBy(fallback.asPolicy(), alert, at, true, "fallback (policy " + policy.id() + " reaches nobody)");
        }
        unmatched.increment();
        return routeBy(fallback.asPolicy(), alert, at, true, "fallback (no policy matched)");
    }

    private Route routeBy(RoutingPolicy policy, Alert alert, Instant at, boolean isFallback, String name) {
        var escalation = new ArrayList<EscalationStep>();
        for (int i = 0; i < policy.escalation().size(); i++) {
            var level = policy.escalation().get(i);
            escalation.add(new EscalationStep(i + 1, level.after(), people(level.scheduleId(), level.users(), at),
                    level.webhookEndpointIds()));
        }
        return new Route(policy.id(), name, isFallback, policy.groupKey(alert),
                people(policy.scheduleId(), policy.users(), at), policy.webhookEndpointIds(), policy.groupWait(),
                escalation);
    }

    /** The people on call in the schedule at the instant, then the named users, each once. */
    private List<Recipient> people(String scheduleId, List<Recipient> users, Instant at) {
        var people = new LinkedHashSet<Recipient>();
        Optional.ofNullable(scheduleId).flatMap(id -> schedules.findAt(id, at))
                .ifPresent(schedule -> people.addAll(schedule.onCallAt(at).people()));
        people.addAll(users);
        return List.copyOf(people);
    }
}
