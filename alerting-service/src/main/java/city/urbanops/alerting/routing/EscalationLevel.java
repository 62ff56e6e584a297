package city.urbanops.alerting.routing;

import java.time.Duration;
import java.util.List;

/**
 * One escalation level as a policy states it: {@code after} the previous level was notified without an
 * acknowledgement, notify whoever is on call in {@code scheduleId} and/or the named {@code users}, and the webhooks.
 * By convention the last level names the supervisor.
 */
public record EscalationLevel(Duration after, String scheduleId, List<Recipient> users, List<String> webhookEndpointIds) {

    public EscalationLevel {
        users = users == null ? List.of() : List.copyOf(users);
        webhookEndpointIds = webhookEndpointIds == null ? List.of() : List.copyOf(webhookEndpointIds);
    }
}
