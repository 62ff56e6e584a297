package city.urbanops.registry.outbox;

import city.urbanops.events.codec.EventType;
import java.time.Instant;

/**
 * One row of the {@code outbox} table: the Kafka record a committed change publishes.
 *
 * @param value     the JSON data, or null for a tombstone
 * @param claimedAt when a relay claimed the row to send it, null while unclaimed: rows claimed together were sent in
 *                  one Kafka transaction, batches in the order of their claims
 */
record OutboxRow(long seq, String topic, String key, EventType eventType, String eventId, String subject,
                 Instant eventTime, byte[] value, Instant claimedAt) {
}
