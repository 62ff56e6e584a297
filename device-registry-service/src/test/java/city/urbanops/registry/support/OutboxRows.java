package city.urbanops.registry.support;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the registry queued in its outbox for one device, read straight from the table. */
public final class OutboxRows {

    private static final EventJson JSON = new EventJson();

    private final JdbcClient jdbc;

    public OutboxRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The event ids queued for {@code deviceId} on {@code topic}, in queue order. */
    public List<String> eventIds(String topic, String deviceId) {
        return jdbc.sql("select event_id from outbox where topic = ? and record_key = ? order by seq")
                .params(topic, deviceId).query(String.class).list();
    }

    /** The device records queued for {@code deviceId}, in queue order. */
    public List<DeviceRecord> deviceRecords(String deviceId) {
        return jdbc.sql("select value from outbox where topic = ? and record_key = ? order by seq")
                .params(Topics.REGISTRY_DEVICES, deviceId)
                .query((rs, n) -> JSON.read(rs.getBytes(1), DeviceRecord.class)).list();
    }

    /** The credentials records queued for gateway {@code gatewayId}, in queue order. */
    public List<GatewayCredentials> credentials(String gatewayId) {
        return jdbc.sql("select value from outbox where topic = ? and record_key = ? order by seq")
                .params(Topics.REGISTRY_GATEWAY_CREDENTIALS, gatewayId)
                .query((rs, n) -> JSON.read(rs.getBytes(1), GatewayCredentials.class)).list();
    }

    /** Every schema violation of the records queued for {@code key} on either registry topic. */
    public List<EventSchemas.Violation> schemaViolations(String key) {
        EventSchemas schemas = new EventSchemas();
        return jdbc.sql("select event_type, value from outbox where record_key = ? and value is not null order by seq")
                .param(key)
                .query((rs, n) -> schemas.validate(EventType.valueOf(rs.getString(1)),
                        JSON.readTree(rs.getBytes(2))))
                .list().stream().flatMap(List::stream).toList();
    }

    public DeviceRecord lastDeviceRecord(String deviceId) {
        return deviceRecords(deviceId).getLast();
    }

    public GatewayCredentials lastCredentials(String gatewayId) {
        return credentials(gatewayId).getLast();
    }
}
