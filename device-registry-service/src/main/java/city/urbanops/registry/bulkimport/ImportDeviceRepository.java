package city.urbanops.registry.bulkimport;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The device and history writes of an import, set-based: one statement per chunk and table, the rows passed as arrays
 * and unnested by PostgreSQL (one round trip instead of one per device).
 */
@Repository
class ImportDeviceRepository {

    private static final String COLUMNS = """
            d.id, d.external_id, d.kind, d.device_type_id, d.gateway_id, d.lifecycle, d.department_id, d.district_id,
            d.site_id, d.latitude, d.longitude, d.quarantine_reason, d.quarantined_by, d.quarantined_since,
            d.version""";

    private final JdbcTemplate jdbc;

    ImportDeviceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The registry's devices whose id, external id or gateway id the rows name. */
    KnownDevices knownFor(List<RawRow> rows) {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> externalIds = new LinkedHashSet<>();
        for (RawRow row : rows) {
            addIfPresent(ids, row.value(ImportField.DEVICE_ID));
            addIfPresent(ids, row.value(ImportField.GATEWAY_ID));
            addIfPresent(externalIds, row.value(ImportField.EXTERNAL_ID));
        }
        List<ExistingDevice> found = new ArrayList<>(select("select " + COLUMNS
                + " from device d join unnest(?::text[]) k(id) on d.id = k.id", ids));
        // Re-imports name devices that exist: their external ids came with them and need no second look-up.
        found.forEach(device -> externalIds.remove(device.externalId()));
        found.addAll(select("select " + COLUMNS + " from device d join unnest(?::text[]) k(id) on d.external_id = k.id",
                externalIds));
        return new KnownDevices(found);
    }

    void insert(List<DeviceRow> rows, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update("""
                insert into device (id, external_id, kind, device_type_id, gateway_id, lifecycle, department_id,
                                    district_id, site_id, latitude, longitude, version, created_at, updated_at)
                select u.id, u.external_id, u.kind, u.device_type_id, u.gateway_id, u.lifecycle, u.department_id,
                       u.district_id, u.site_id, u.latitude, u.longitude, 1, ?, ?
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::float8[], ?::float8[])
                     as u(id, external_id, kind, device_type_id, gateway_id, lifecycle, department_id, district_id,
                          site_id, latitude, longitude)""", ps -> {
            Connection c = ps.getConnection();
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setTimestamp(2, Timestamp.from(at));
            setAttributes(ps, c, 3, rows);
        });
    }

    /**
     * Applies the rows' attributes to devices that exist, bumping each version by one; fails if any device's version
     * moved since it was read (someone changed it meanwhile), so the caller's transaction rolls back.
     */
    void update(List<DeviceRow> rows, List<Long> expectedVersions, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        int changed = jdbc.update("""
                update device d
                set external_id = u.external_id, kind = u.kind, device_type_id = u.device_type_id,
                    gateway_id = u.gateway_id, department_id = u.department_id, district_id = u.district_id,
                    site_id = u.site_id, latitude = u.latitude, longitude = u.longitude,
                    version = d.version + 1, updated_at = ?
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::float8[], ?::float8[], ?::int8[])
                     as u(id, external_id, kind, device_type_id, gateway_id, lifecycle, department_id, district_id,
                          site_id, latitude, longitude, version)
                where d.id = u.id and d.version = u.version""", ps -> {
            Connection c = ps.getConnection();
            ps.setTimestamp(1, Timestamp.from(at));
            int next = setAttributes(ps, c, 2, rows);
            ps.setArray(next, c.createArrayOf("int8", expectedVersions.toArray(Long[]::new)));
        });
        if (changed != rows.size()) {
            throw new ConcurrencyFailureException((rows.size() - changed) + " of " + rows.size()
                    + " devices were changed by someone else while the import ran");
        }
    }

    /** One history row per created or changed device, with the import as reason. */
    void appendHistory(List<HistoryEntry> entries, String actor, String reason, Instant at) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update("""
                insert into device_history (device_id, version, action, from_state, to_state, reason, actor, at)
                select u.id, u.version, u.action, u.from_state, u.to_state, ?, ?, ?
                from unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[])
                     with ordinality as u(id, version, action, from_state, to_state, ord)
                order by u.ord""", ps -> {
            Connection c = ps.getConnection();
            ps.setString(1, reason);
            ps.setString(2, actor);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setArray(4, c.createArrayOf("text", map(entries, HistoryEntry::deviceId)));
            ps.setArray(5, c.createArrayOf("int8", entries.stream().map(HistoryEntry::version).toArray(Long[]::new)));
            ps.setArray(6, c.createArrayOf("text", map(entries, HistoryEntry::action)));
            ps.setArray(7, c.createArrayOf("text", map(entries, HistoryEntry::fromState)));
            ps.setArray(8, c.createArrayOf("text", map(entries, HistoryEntry::toState)));
        });
    }

    /** A {@code device_history} row: CREATED (from nothing to the initial state) or UPDATED (state unchanged). */
    record HistoryEntry(String deviceId, long version, String action, String fromState, String toState) {
    }

    private static int setAttributes(PreparedStatement ps, Connection c, int first, List<DeviceRow> rows)
            throws SQLException {
        int i = first;
        ps.setArray(i++, c.createArrayOf("text", map(rows, DeviceRow::deviceId)));
        ps.setArray(i++, c.createArrayOf("text", map(rows, DeviceRow::externalId)));
        ps.setArray(i++, c.createArrayOf("text", map(rows, r -> r.kind().name())));
        ps.setArray(i++, c.createArrayOf("text", map(rows, DeviceRow::deviceType)));
        ps.setArray(i++, c.createArrayOf("text", map(rows, DeviceRow::gatewayId)));
        ps.setArray(i++, c.createArrayOf("text", map(rows, r -> r.lifecycle().name())));
        ps.setArray(i++, c.createArrayOf("text", map(rows, DeviceRow::department)));
        ps.setArray(i++, c.createArrayOf("text", map(rows, DeviceRow::district)));
        ps.setArray(i++, c.createArrayOf("text", map(rows, DeviceRow::siteId)));
        ps.setArray(i++, c.createArrayOf("float8", rows.stream().map(DeviceRow::latitude).toArray(Double[]::new)));
        ps.setArray(i++, c.createArrayOf("float8", rows.stream().map(DeviceRow::longitude).toArray(Double[]::new)));
        return i;
    }

    private List<ExistingDevice> select(String sql, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query(sql,
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", keys.toArray(String[]::new))),
                (rs, n) -> device(rs));
    }

    private static ExistingDevice device(ResultSet rs) throws SQLException {
        Timestamp since = rs.getTimestamp(14);
        return new ExistingDevice(rs.getString(1), rs.getString(2), DeviceKind.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), DeviceLifecycle.valueOf(rs.getString(6)), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getObject(10, Double.class), rs.getObject(11, Double.class),
                rs.getString(12), rs.getString(13), since == null ? null : since.toInstant(), rs.getLong(15));
    }

    private static <T> String[] map(List<T> items, Function<T, String> value) {
        String[] values = new String[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(items.get(i));
        }
        return values;
    }

    private static void addIfPresent(Set<String> keys, String value) {
        if (value != null) {
            keys.add(value);
        }
    }
}
