package city.urbanops.alerting.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * One message to one recipient (email) or endpoint (webhook), as stored in the outbox.
 *
 * @param id        the idempotency key and webhook id: {@code <group>.<revision>.<channel>.<target>}
 * @param target    the email address, or the webhook endpoint id
 * @param recipient the user it is addressed to (email only)
 * @param messageId the email Message-ID of this message; {@code threadId} the Message-ID of the group's first one
 * @param originAt  the earliest alert change this message reports (for the delivery latency)
 */
record Delivery(String id, UUID groupId, int revision, Channel channel, String target, String recipient,
                String subject, String body, String messageId, String threadId, int attempts, Instant originAt) {

    enum Channel { EMAIL, WEBHOOK }

    enum State { PENDING, SENT, DEAD }

    static String idOf(UUID groupId, int revision, Channel channel, String target) {
        return groupId + "." + revision + "." + channel.name().toLowerCase() + "." + target;
    }
}
