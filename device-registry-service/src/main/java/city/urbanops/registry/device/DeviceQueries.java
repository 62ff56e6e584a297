package city.urbanops.registry.device;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.config.RegistryProperties;
import city.urbanops.security.AccessScope;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads devices as the API shows them, with connectivity computed in the query (so it can be filtered and paged in
 * the database) and the caller's scope applied there too: a device outside the scope is never read.
 */
@Repository
public class DeviceQueries {

    // Connectivity as device_activity's definition says: a gateway by its last status, a sensor by its gateway's
    // status and its own last sign of life against the staleness threshold.
    private static final String VIEW = """
            select d.*, a.last_seen,
                   array(select m.measurement from device_type_measurement m
                         where m.device_type_id = d.device_type_id order by m.measurement) as measurements,
                   case when d.kind = 'GATEWAY' then coalesce(a.connectivity, 'UNKNOWN')
                        when g.connectivity is null then 'UNKNOWN'
                        when g.connectivity = 'OFFLINE' then 'OFFLINE'
                        when a.last_seen >= :staleBefore then 'ONLINE'
                        else 'STALE' end as connectivity
            from device d
            left join device_activity a on a.device_id = d.id
            left join device_activity g on g.device_id = d.gateway_id""";

    private static final DeviceFilter EVERYTHING = new DeviceFilter(null, null, null, null, null, null, null, null,
            null);

    private final JdbcClient jdbc;
    private final RegistryProperties properties;
    private final Clock clock;

    public DeviceQueries(JdbcClient jdbc, RegistryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** The device, if it exists and lies in {@code scope}. */
    public Optional<DeviceView> find(String id, AccessScope scope) {
        return list(EVERYTHING, scope, null, 1,
                Map.of("id", id), "v.id = :id").stream().findFirst();
    }

    /** Up to {@code limit} devices after {@code afterId} in id order, matching {@code filter} inside {@code scope}. */
    public List<DeviceView> page(DeviceFilter filter, AccessScope scope, String afterId, int limit) {
        return list(filter, scope, afterId, limit, Map.of(), null);
    }

    /**
     * Like {@link #page}, restricted to the devices named in {@code ids} (those unknown or outside the scope are simply
     * not among them, as in any listing).
     */
    public List<DeviceView> page(DeviceFilter filter, Collection<String> ids, AccessScope scope, String afterId,
                                 int limit) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return list(filter, scope, afterId, limit, Map.of("ids", List.copyOf(ids)), "v.id in (:ids)");
    }

    /**
     * Devices of {@code device}'s type within {@code radiusMeters} of it (great-circle distance between the registry's
     * locations, as rules-service's triage measures neighbours), nearest first, at most {@code limit}, inside
     * {@code scope}; decommissioned devices are no neighbours. None when {@code device} has no location.
     */
    public List<Neighbour> neighbours(DeviceView device, AccessScope scope, double radiusMeters, int limit) {
        if (device.latitude() == null || device.longitude() == null) {
            return List.of();
        }
        // A box around the device first (a degree of latitude is at least 110.5 km), then the exact distance.
        double latitudeSpan = radiusMeters / 110_500d;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("self", device.id());
        params.put("type", device.deviceType());
        params.put("lat", device.latitude());
        params.put("lon", device.longitude());
        params.put("latMin", device.latitude() - latitudeSpan);
        params.put("latMax", device.latitude() + latitudeSpan);
        params.put("radius", radiusMeters);
        String distance = """
                2 * 6371000 * asin(least(1, sqrt(power(sin(radians(v.latitude - :lat) / 2), 2)
                    + cos(radians(:lat)) * cos(radians(v.latitude)) * power(sin(radians(v.longitude - :lon) / 2), 2))))""";
        String condition = "v.device_type_id = :type and v.id <> :self and v.lifecycle <> 'DECOMMISSIONED'"
                + " and v.latitude between :latMin and :latMax and v.longitude is not null"
                + " and " + distance + " <= :radius";
        return query(EVERYTHING, scope, null, limit, params, condition, distance + " as distance_m",
                distance + ", v.id", (rs, row) -> new Neighbour(rs.getDouble("distance_m"), view(rs, row)));
    }

    private List<DeviceView> list(DeviceFilter filter, AccessScope scope, String afterId, int limit,
                                  Map<String, Object> extraParams, String extraCondition) {
        return query(filter, scope, afterId, limit, extraParams, extraCondition, null, "v.id", DeviceQueries::view);
    }

    private <T> List<T> query(DeviceFilter filter, AccessScope scope, String afterId, int limit,
                              Map<String, Object> extraParams, String extraCondition, String extraColumn,
                              String order, RowMapper<T> mapper) {
        if (scope.departments().isEmpty() || scope.districts().isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("select v.*").append(extraColumn == null ? "" : ", " + extraColumn)
                .append(" from (").append(VIEW).append(") v where true");
        Map<String, Object> params = new LinkedHashMap<>(extraParams);
        params.put("staleBefore", Timestamp.from(clock.instant().minus(properties.staleAfter())));
        if (!scope.departments().contains(AccessScope.ALL)) {
            sql.append(" and v.department_id in (:scopeDepartments)");
            params.put("scopeDepartments", List.copyOf(scope.departments()));
        }
        if (!scope.districts().contains(AccessScope.ALL)) {
            sql.append(" and v.district_id in (:scopeDistricts)");
            params.put("scopeDistricts", List.copyOf(scope.districts()));
        }
        condition(sql, params, "v.department_id = :department", "department", filter.department());
        condition(sql, params, "v.district_id = :district", "district", filter.district());
        condition(sql, params, "v.device_type_id = :type", "type", filter.deviceType());
        condition(sql, params, "v.lifecycle = :lifecycle", "lifecycle", name(filter.lifecycle()));
        condition(sql, params, "v.gateway_id = :gateway", "gateway", filter.gatewayId());
        condition(sql, params, "v.connectivity = :connectivity", "connectivity", name(filter.connectivity()));
        condition(sql, params, "v.kind = :kind", "kind", name(filter.kind()));
        condition(sql, params, "v.external_id = :externalId", "externalId", filter.externalId());
        if (filter.quarantined() != null) {
            sql.append(filter.quarantined() ? " and v.quarantine_reason is not null"
                    : " and v.quarantine_reason is null");
        }
        condition(sql, params, "v.id > :after", "after", afterId);
        if (extraCondition != null) {
            sql.append(" and ").append(extraCondition);
        }
        sql.append(" order by ").append(order).append(" limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(mapper).list();
    }

    private static void condition(StringBuilder sql, Map<String, Object> params, String condition, String name,
                                  Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            params.put(name, value);
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static DeviceView view(ResultSet rs, int rowNum) throws SQLException {
        String reason = rs.getString("quarantine_reason");
        Array measurements = rs.getArray("measurements");
        return new DeviceView(
                rs.getString("id"),
                rs.getString("external_id"),
                DeviceKind.valueOf(rs.getString("kind")),
                rs.getString("device_type_id"),
                rs.getString("gateway_id"),
                DeviceLifecycle.valueOf(rs.getString("lifecycle")),
                reason == null ? null : new DeviceRecord.Quarantine(reason, rs.getString("quarantined_by"),
                        DeviceRepository.instant(rs, "quarantined_since")),
                rs.getString("department_id"),
                rs.getString("district_id"),
                rs.getString("site_id"),
                rs.getObject("latitude", Double.class),
                rs.getObject("longitude", Double.class),
                Arrays.asList((String[]) measurements.getArray()),
                rs.getLong("version"),
                DeviceRepository.instant(rs, "created_at"),
                DeviceRepository.instant(rs, "updated_at"),
                DeviceRepository.instant(rs, "last_seen"),
                Connectivity.valueOf(rs.getString("connectivity")));
    }
}
