package city.urbanops.registry.outbox;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.Topics;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends the records a change publishes, in the caller's transaction: they commit with the change or not at all, and
 * the relay forwards them to Kafka afterwards. The record's own id ({@code deviceId/version}) is the idempotence key.
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final EventJson json = new EventJson();

    public Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues {@code record} for {@code registry.devices}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void device(DeviceRecord record) {
        append(Topics.REGISTRY_DEVICES, record.deviceId(), EventType.DEVICE, record.eventId(), record, record);
    }

    /** Queues {@code record} for {@code registry.gateway-credentials}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void gatewayCredentials(GatewayCredentials record) {
        append(Topics.REGISTRY_GATEWAY_CREDENTIALS, record.gatewayId(), EventType.GATEWAY_CREDENTIALS,
                record.eventId(), record, record);
    }

    /**
     * Queues the tombstone of a deleted device, the deletion being its version {@code version}; the device's
     * credentials record, if it was a gateway, is tombstoned with it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deviceDeleted(String deviceId, long version, Instant at, boolean gateway) {
        insert(Topics.REGISTRY_DEVICES, deviceId, EventType.DEVICE, deviceId + "/" + version, at, null);
        if (gateway) {
            insert(Topics.REGISTRY_GATEWAY_CREDENTIALS, deviceId, EventType.GATEWAY_CREDENTIALS,
                    deviceId + "/" + version, at, null);
        }
    }

    private void append(String topic, String key, EventType type, String eventId, Object value, Object stamped) {
        var time = stamped instanceof DeviceRecord device ? device.updatedAt()
                : ((GatewayCredentials) stamped).updatedAt();
        insert(topic, key, type, eventId, time, json.write(value));
    }

    private void insert(String topic, String key, EventType type, String eventId, Instant time, byte[] value) {
        jdbc.update("""
                insert into outbox (topic, record_key, event_type, event_id, subject, event_time, value)
                values (?, ?, ?, ?, ?, ?, ?)""",
                topic, key, type.name(), eventId, key, Timestamp.from(time), value);
    }
}
