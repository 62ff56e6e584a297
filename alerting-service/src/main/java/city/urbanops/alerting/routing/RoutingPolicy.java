package city.urbanops.alerting.routing;

import city.urbanops.alerting.alert.Alert;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A routing policy: which alerts it catches ({@code match}), who hears of them first (the people on call in
 * {@code scheduleId} and the named {@code users}), which webhooks are called, how long alerts of one group wait to
 * be sent together, and how the alert escalates when nobody acknowledges it. Policies are tried in ascending
 * {@code priority}; the first that matches routes the alert.
 */
public record RoutingPolicy(String id, String name, int priority, boolean enabled, PolicyMatch match,
                            String scheduleId, List<Recipient> users, List<String> webhookEndpointIds,
                            Duration groupWait, List<GroupField> groupBy, List<EscalationLevel> escalation) {

    public static final List<GroupField> DEFAULT_GROUP_BY = List.of(GroupField.DISTRICT);

    public RoutingPolicy {
        match = match == null ? PolicyMatch.anything() : match;
        users = users == null ? List.of() : List.copyOf(users);
        webhookEndpointIds = webhookEndpointIds == null ? List.of() : List.copyOf(webhookEndpointIds);
        groupBy = groupBy == null || groupBy.isEmpty() ? DEFAULT_GROUP_BY : List.copyOf(groupBy);
        escalation = escalation == null ? List.of() : List.copyOf(escalation);
    }

    /** The same policy under the id the store gave it. */
    RoutingPolicy withId(String newId) {
        return new RoutingPolicy(newId, name, priority, enabled, match, scheduleId, users, webhookEndpointIds,
                groupWait, groupBy, escalation);
    }

    /** Policy id, then the alert's value of each grouping field: {@code network-team:north} by default. */
    String groupKey(Alert alert) {
        return Stream.concat(Stream.of(id), groupBy.stream().map(field -> field.of(alert)))
                .collect(Collectors.joining(":"));
    }
}
