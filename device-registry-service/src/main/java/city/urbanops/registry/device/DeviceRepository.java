package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Rows of {@code device}; the one place that writes them outside bulk import. */
@Repository
public class DeviceRepository {

    static final String COLUMNS = """
            d.id, d.external_id, d.kind, d.device_type_id, d.gateway_id, d.lifecycle, d.department_id, d.district_id,
            d.site_id, d.latitude, d.longitude, d.quarantine_reason, d.quarantined_by, d.quarantined_since, d.version,
            d.created_at, d.updated_at""";

    private final JdbcClient jdbc;

    public DeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DeviceRow> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from device d where d.id = ?").param(id)
                .query(DeviceRepository::row).optional();
    }

    /** The row, locked until the transaction ends: every change reads the device this way first. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<DeviceRow> lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from device d where d.id = ? for update").param(id)
                .query(DeviceRepository::row).optional();
    }

    public Optional<String> idOfExternalId(String externalId) {
        return jdbc.sql("select id from device where external_id = ?").param(externalId).query(String.class)
                .optional();
    }

    public boolean exists(String id) {
        return jdbc.sql("select count(*) from device where id = ?").param(id).query(Long.class).single() > 0;
    }

    /** Inserts a new device at version 1. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(DeviceRow row) {
        jdbc.sql("""
                insert into device (id, external_id, kind, device_type_id, gateway_id, lifecycle, department_id,
                                    district_id, site_id, latitude, longitude, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(row.id(), row.externalId(), row.kind().name(), row.deviceType(), row.gatewayId(),
                        row.lifecycle().name(), row.department(), row.district(), row.siteId(), row.latitude(),
                        row.longitude(), Timestamp.from(row.createdAt()), Timestamp.from(row.updatedAt()))
                .update();
    }

    /** Writes the attributes a person may edit (not lifecycle, quarantine or version). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void updateAttributes(DeviceRow row) {
        jdbc.sql("""
                update device set external_id = ?, device_type_id = ?, gateway_id = ?, department_id = ?,
                                  district_id = ?, site_id = ?, latitude = ?, longitude = ?
                where id = ?""")
                .params(row.externalId(), row.deviceType(), row.gatewayId(), row.department(), row.district(),
                        row.siteId(), row.latitude(), row.longitude(), row.id())
                .update();
    }

    /** Sets the lifecycle; leaving ACTIVE ends a quarantine (only an active device can be quarantined). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void updateLifecycle(String id, DeviceLifecycle lifecycle) {
        jdbc.sql("""
                update device set lifecycle = ?,
                    quarantine_reason = case when ? = 'ACTIVE' then quarantine_reason end,
                    quarantined_by = case when ? = 'ACTIVE' then quarantined_by end,
                    quarantined_since = case when ? = 'ACTIVE' then quarantined_since end
                where id = ?""")
                .params(lifecycle.name(), lifecycle.name(), lifecycle.name(), lifecycle.name(), id).update();
    }

    /** Sets or (with null) clears the quarantine. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void updateQuarantine(String id, DeviceRecord.Quarantine quarantine) {
        jdbc.sql("update device set quarantine_reason = ?, quarantined_by = ?, quarantined_since = ? where id = ?")
                .params(quarantine == null ? null : quarantine.reason(), quarantine == null ? null : quarantine.by(),
                        quarantine == null ? null : Timestamp.from(quarantine.since()), id)
                .update();
    }

    /** Ids of every device of a type, locked, for republishing them when the type's measurements change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> lockIdsOfType(String deviceType) {
        return jdbc.sql("select id from device where device_type_id = ? order by id for update").param(deviceType)
                .query(String.class).list();
    }

    static DeviceRow row(ResultSet rs, int rowNum) throws SQLException {
        String reason = rs.getString("quarantine_reason");
        return new DeviceRow(
                rs.getString("id"),
                rs.getString("external_id"),
                DeviceKind.valueOf(rs.getString("kind")),
                rs.getString("device_type_id"),
                rs.getString("gateway_id"),
                DeviceLifecycle.valueOf(rs.getString("lifecycle")),
                rs.getString("department_id"),
                rs.getString("district_id"),
                rs.getString("site_id"),
                rs.getObject("latitude", Double.class),
                rs.getObject("longitude", Double.class),
                reason == null ? null : new DeviceRecord.Quarantine(reason, rs.getString("quarantined_by"),
                        instant(rs, "quarantined_since")),
                rs.getLong("version"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
