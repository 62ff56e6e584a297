package city.urbanops.localplatform.inbox;

import java.time.Instant;

/**
 * One mail the SMTP sink accepted, as delivered to one envelope recipient: the headers a reader looks at and the
 * readable body (the plain-text part, else the HTML part as its source).
 */
public record Mail(Instant receivedAt, String recipient, String from, String to, String subject, String body,
                   String messageId) {
}
