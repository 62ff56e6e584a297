package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.registry.outbox.Outbox;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one translation of the registry's tables into what it publishes: a device's {@link DeviceRecord} and a
 * gateway's {@link GatewayCredentials}, both read from the database as it stands in the caller's transaction, and
 * their appending to the outbox. Every writer (the REST use cases, bulk import) publishes through here, so a record
 * on the topic always says what the tables say at that version.
 */
@Component
public class DeviceRecords {

    private final JdbcClient jdbc;
    private final DeviceRepository devices;
    private final Outbox outbox;

    public DeviceRecords(JdbcClient jdbc, DeviceRepository devices, Outbox outbox) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.outbox = outbox;
    }

    /** The device's record at its current version. */
    public DeviceRecord deviceRecord(String deviceId) {
        return deviceRecord(devices.find(deviceId).orElseThrow(() -> absent(deviceId)));
    }

    /** The record of {@code row}, with the measurements its type reports. */
    public DeviceRecord deviceRecord(DeviceRow row) {
        return new DeviceRecord(row.id(), row.externalId(), row.kind(), row.deviceType(), row.gatewayId(),
                row.lifecycle(), row.quarantine(), row.department(), row.district(), row.siteId(), row.latitude(),
                row.longitude(), measurementsOf(row.deviceType()), row.version(), row.updatedAt());
    }

    /** The gateway's credentials record at its current version: hashes, never a secret. */
    public GatewayCredentials gatewayCredentials(String gatewayId) {
        DeviceRow gateway = devices.find(gatewayId).filter(DeviceRow::gateway)
                .orElseThrow(() -> new IllegalStateException("no gateway " + gatewayId));
        List<GatewayCredentials.Secret> secrets = jdbc.sql("""
                select credential_id, sha256, issued_at, expires_at from gateway_secret
                where gateway_id = ? order by issued_at desc, credential_id""")
                .param(gatewayId)
                .query((rs, n) -> new GatewayCredentials.Secret(rs.getString("credential_id"),
                        rs.getString("sha256"), DeviceRepository.instant(rs, "issued_at"),
                        DeviceRepository.instant(rs, "expires_at")))
                .list();
        List<String> fingerprints = jdbc.sql(
                "select fingerprint from gateway_certificate where gateway_id = ? order by fingerprint")
                .param(gatewayId).query(String.class).list();
        return new GatewayCredentials(gatewayId, gateway.lifecycle(), secrets, fingerprints, gateway.version(),
                gateway.updatedAt());
    }

    /**
     * Appends the device's current record to the outbox, and for a gateway with {@code withCredentials} its
     * credentials record too, in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public DeviceRecord publish(String deviceId, boolean withCredentials) {
        DeviceRecord record = deviceRecord(deviceId);
        outbox.device(record);
        if (withCredentials && record.kind() == DeviceKind.GATEWAY) {
            outbox.gatewayCredentials(gatewayCredentials(deviceId));
        }
        return record;
    }

    private List<String> measurementsOf(String deviceType) {
        return jdbc.sql("select measurement from device_type_measurement where device_type_id = ? order by measurement")
                .param(deviceType).query(String.class).list();
    }

    private static IllegalStateException absent(String deviceId) {
        return new IllegalStateException("no device " + deviceId);
    }
}
