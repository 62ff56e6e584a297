package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.routing.Recipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.DigestUtils;

/**
 * Turns a group's pending alert changes into its next revision: one email per recipient and one webhook call per
 * endpoint, written to the outbox in the caller's transaction under ids derived from group, revision and target.
 */
@Component
class NotificationComposer {

    static final String MESSAGE_ID_DOMAIN = "alerting.urbanops.city";

    private final OutboxRepository outbox;
    private final MessageRenderer renderer;
    private final AckLinks ackLinks;
    private final AlertActions actions;
    private final NotificationProperties properties;

    NotificationComposer(OutboxRepository outbox, MessageRenderer renderer, AckLinks ackLinks, AlertActions actions,
                         NotificationProperties properties) {
        this.outbox = outbox;
        this.renderer = renderer;
        this.ackLinks = ackLinks;
        this.actions = actions;
        this.properties = properties;
    }

    void compose(NotificationGroup group, Instant now) {
        List<AlertSummary> pending = outbox.pendingItems(group.id());
        if (pending.isEmpty()) {
            outbox.completeRevision(group.id(), group.revision());
            return;
        }
        int revision = group.revision() + 1;
        MessageRenderer.Content content = renderer.content(group, revision, pending);
        List<UUID> alertIds = pending.stream().map(AlertSummary::alertId).distinct().toList();
        Instant origin = pending.stream().map(AlertSummary::changedAt).min(Comparator.naturalOrder()).orElse(now);
        String subject = renderer.subject(content);
        int addressed = 0;
        for (Recipient recipient : group.recipients()) {
            if (recipient.email() == null || recipient.email().isBlank()) {
                continue;
            }
            String id = Delivery.idOf(group.id(), revision, Delivery.Channel.EMAIL, recipient.email());
            String body = renderer.emailText(content, alert -> ackLink(alert, recipient, id, now));
            String thread = revision == 1 ? null : messageId(group.id(), 1, recipient.email());
            outbox.insertDelivery(new Delivery(id, group.id(), revision, Delivery.Channel.EMAIL, recipient.email(),
                    recipient.userId(), subject, body, messageId(group.id(), revision, recipient.email()), thread, 0,
                    origin), alertIds, now);
            addressed++;
        }
        String webhookBody = renderer.webhookBody(content, now);
        for (String endpointId : group.webhookEndpointIds()) {
            String id = Delivery.idOf(group.id(), revision, Delivery.Channel.WEBHOOK, endpointId);
            outbox.insertDelivery(new Delivery(id, group.id(), revision, Delivery.Channel.WEBHOOK, endpointId, null,
                    subject, webhookBody, null, null, 0, origin), alertIds, now);
            addressed++;
        }
        if (addressed == 0) {
            // A route that reaches nobody must be visible on the alert, not a silent success.
            alertIds.forEach(alertId -> actions.record(alertId, AlertChange.Kind.NOTIFICATION, "alerting",
                    "not notified: route " + group.policyName() + " has no recipient with an email address and no "
                            + "webhook endpoint"));
        }
        outbox.completeRevision(group.id(), revision);
    }

    private String ackLink(AlertSummary alert, Recipient recipient, String deliveryId, Instant now) {
        String token = ackLinks.issue(alert.alertId(), recipient.userId(), now.plus(properties.linkTtl()),
                deliveryId);
        return properties.publicBaseUrl().replaceAll("/+$", "") + "/ack/" + token;
    }

    /** A Message-ID derived from group, revision and address, so a re-composed or re-sent email keeps its id. */
    static String messageId(UUID groupId, int revision, String email) {
        String address = DigestUtils.md5DigestAsHex(email.toLowerCase().getBytes(StandardCharsets.UTF_8));
        return "<" + groupId + "." + revision + "." + address.substring(0, 12) + "@" + MESSAGE_ID_DOMAIN + ">";
    }
}
