package city.urbanops.registry.outbox;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.Topics;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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

    /**
     * Queues many records for {@code registry.devices} in one statement, in the given order: the same rows as one
     * {@link #device} call per record, for callers that change devices by the thousand (bulk import).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void devices(List<DeviceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        String[] keys = new String[records.size()];
        String[] eventIds = new String[records.size()];
        String[] times = new String[records.size()];
        byte[][] values = new byte[records.size()][];
        for (int i = 0; i < keys.length; i++) {
            DeviceRecord record = records.get(i);
            keys[i] = record.deviceId();
            eventIds[i] = record.eventId();
            times[i] = record.updatedAt().toString();
            values[i] = json.write(record);
        }
        jdbc.update("""
                insert into outbox (topic, record_key, event_type, event_id, subject, event_time, value)
                select ?, u.record_key, ?, u.event_id, u.record_key, u.event_time::timestamptz, u.value
                from unnest(?::text[], ?::text[], ?::text[], ?::bytea[])
                     with ordinality as u(record_key, event_id, event_time, value, ord)
                order by u.ord""", ps -> {
            Connection connection = ps.getConnection();
            ps.setString(1, Topics.REGISTRY_DEVICES);
            ps.setString(2, EventType.DEVICE.name());
            ps.setArray(3, connection.createArrayOf("text", keys));
            ps.setArray(4, connection.createArrayOf("text", eventIds));
            ps.setArray(5, connection.createArrayOf("text", times));
            ps.setArray(6, connection.createArrayOf("bytea", values));
        });
    }

    /** Queues {@code record} for {@code registry.gateway-credentials}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void gatewayCredentials(GatewayCredentials record) {
        append(Topics.REGISTRY_GATEWAY_CREDENTIALS, record.gatewayId(), EventType.GATEWAY_CREDENTIALS,
                record.eventId(), record, record);
    }

    /**
     * Queues {@code event} for {@code audit.events}, keyed by its source: the audit log's record of a material action,
     * relayed with the change that it describes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void audit(AuditEvent event) {
        insert(Topics.AUDIT_EVENTS, event.source(), EventType.AUDIT, event.eventId(), event.targetType() + "/"
                + event.targetId(), event.at(), json.write(event));
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
        insert(topic, key, type, eventId, key, time, value);
    }

    private void insert(String topic, String key, EventType type, String eventId, String subject, Instant time,
                        byte[] value) {
        jdbc.update("""
                insert into outbox (topic, record_key, event_type, event_id, subject, event_time, value)
                values (?, ?, ?, ?, ?, ?, ?)""",
                topic, key, type.name(), eventId, subject, Timestamp.from(time), value);
    }
}
