package city.urbanops.alerting.routing;

import java.time.Duration;
import java.util.List;

/**
 * One level of a routing policy's escalation: if nobody acknowledged {@code after} the previous level was notified,
 * these recipients (and webhooks) are notified. The last level is the supervisor's.
 */
public record EscalationStep(int level, Duration after, List<Recipient> recipients, List<String> webhookEndpointIds) {
    public EscalationStep {
        recipients = List.copyOf(recipients);
        webhookEndpointIds = List.copyOf(webhookEndpointIds);
    }
}
