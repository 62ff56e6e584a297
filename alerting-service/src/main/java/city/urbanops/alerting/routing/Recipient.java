package city.urbanops.alerting.routing;

/** A person a notification is addressed to: from an on-call schedule, an override or a policy's supervisor. */
public record Recipient(String userId, String displayName, String email) {
}
