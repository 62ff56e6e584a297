package city.urbanops.alerting.notification;

import city.urbanops.alerting.routing.Recipient;
import java.util.List;
import java.util.UUID;

/**
 * Alerts of one route that go out together: revision 1 is the first message, every later revision an update in the
 * same thread. An escalation is a group of its own, composed at once.
 */
record NotificationGroup(UUID id, String groupKey, Kind kind, String policyId, String policyName,
                         Integer escalationLevel, List<Recipient> recipients, List<String> webhookEndpointIds,
                         int revision) {

    enum Kind { ROUTE, ESCALATION }
}
