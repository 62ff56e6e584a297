package city.urbanops.operatorapi.audit;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the audit log for people: newest first by seq, filtered, one keyset page at a time. An entry with a
 * department shows when the reader's scope allows its department and district; one without a department (a sign-in)
 * only to a reader who sees everything.
 */
@Component
class AuditEntries {

    private final JdbcClient jdbc;

    AuditEntries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<AuditEntry> page(AuditQuery query, int limit) {
        var sql = new StringBuilder("select " + AuditRows.COLUMNS + " from audit_entry where true");
        Map<String, Object> params = new LinkedHashMap<>();
        equal(sql, params, "actor", query.actor());
        equal(sql, params, "action", query.action());
        equal(sql, params, "target_type", query.targetType());
        equal(sql, params, "target_id", query.targetId());
        if (query.from() != null) {
            sql.append(" and at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        var scope = query.scope();
        if (!scope.isUnrestricted()) {
            sql.append(" and department is not null");
            if (!scope.departments().contains("*")) {
                sql.append(" and department = any(:scopeDepartments)");
                params.put("scopeDepartments", scope.departments().toArray(String[]::new));
            }
            if (!scope.districts().contains("*")) {
                sql.append(" and district = any(:scopeDistricts)");
                params.put("scopeDistricts", scope.districts().toArray(String[]::new));
            }
        }
        if (query.before() != null) {
            sql.append(" and seq < :before");
            params.put("before", query.before());
        }
        sql.append(" order by seq desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(AuditRows::entry).list();
    }

    private static void equal(StringBuilder sql, Map<String, Object> params, String column, String value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = :").append(column);
            params.put(column, value);
        }
    }
}
