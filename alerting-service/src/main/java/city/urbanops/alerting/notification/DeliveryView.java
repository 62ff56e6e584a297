package city.urbanops.alerting.notification;

import java.time.Instant;
import java.util.UUID;

/** A delivery and its state as {@code GET /api/v1/notifications} answers it (no body: it holds acknowledge links). */
public record DeliveryView(String id, UUID groupId, int revision, String channel, String target, String recipient,
                           String subject, String state, int attempts, Instant nextAttemptAt, String lastError,
                           Instant createdAt, Instant sentAt) {
}
