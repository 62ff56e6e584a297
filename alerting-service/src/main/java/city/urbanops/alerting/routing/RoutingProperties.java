package city.urbanops.alerting.routing;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routing settings: the fallback route that catches every alert no policy matches (always present, never stored,
 * so no one can delete it) and the bounds on what a policy or schedule may hold.
 *
 * @param fallback      where unmatched alerts go
 * @param maxPolicies   refuse creating more policies than this (each alert walks them in order)
 * @param maxLevels     escalation levels per policy
 */
@ConfigurationProperties("urbanops.alerting.routing")
public record RoutingProperties(Fallback fallback, Integer maxPolicies, Integer maxLevels) {

    public RoutingProperties {
        fallback = fallback == null ? new Fallback(null, null, null, null, null) : fallback;
        maxPolicies = maxPolicies == null ? 500 : maxPolicies;
        maxLevels = maxLevels == null ? 5 : maxLevels;
    }

    /**
     * The fallback route.
     *
     * @param scheduleId         on-call schedule whose people hear of unmatched alerts (optional)
     * @param recipients         named people who hear of them (the duty supervisor, say)
     * @param webhookEndpointIds webhooks called for them
     * @param groupWait          how long unmatched alerts of one district wait to be sent together
     * @param escalation         escalation levels of the fallback route
     */
    public record Fallback(String scheduleId, List<Recipient> recipients, List<String> webhookEndpointIds,
                           Duration groupWait, List<EscalationLevel> escalation) {

        public static final String POLICY_ID = "fallback";

        public Fallback {
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
            webhookEndpointIds = webhookEndpointIds == null ? List.of() : List.copyOf(webhookEndpointIds);
            groupWait = groupWait == null ? Duration.ofSeconds(30) : groupWait;
            escalation = escalation == null ? List.of() : List.copyOf(escalation);
        }

        RoutingPolicy asPolicy() {
            return new RoutingPolicy(POLICY_ID, "fallback", Integer.MAX_VALUE, true, PolicyMatch.anything(),
                    scheduleId, recipients, webhookEndpointIds, groupWait, RoutingPolicy.DEFAULT_GROUP_BY, escalation);
        }
    }
}
