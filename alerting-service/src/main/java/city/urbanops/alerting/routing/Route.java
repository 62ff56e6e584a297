package city.urbanops.alerting.routing;

import java.time.Duration;
import java.util.List;

/**
 * Where an alert goes, as a routing policy decided at a moment: who is on call now, which webhooks, how long to
 * wait to group alerts of the same route into one notification, and how to escalate.
 *
 * @param policyId           the policy that matched; the fallback policy's id when none did
 * @param fallback           true when no policy matched and the fallback caught it (shown as such)
 * @param groupKey           alerts with the same group key within {@code groupWait} become one notification
 *                           (policy id + district, say)
 * @param recipients         level-0 recipients: the people on call now
 * @param webhookEndpointIds webhook endpoints (managed by notification) called for this route
 * @param escalation         levels 1.., in order; empty = no escalation
 */
public record Route(String policyId, String policyName, boolean fallback, String groupKey, List<Recipient> recipients,
                    List<String> webhookEndpointIds, Duration groupWait, List<EscalationStep> escalation) {
    public Route {
        recipients = List.copyOf(recipients);
        webhookEndpointIds = List.copyOf(webhookEndpointIds);
        escalation = List.copyOf(escalation);
    }
}
