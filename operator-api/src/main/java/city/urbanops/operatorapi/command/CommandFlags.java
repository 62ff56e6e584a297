package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import city.urbanops.security.AccessScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code command_flag} table and the rule that reads it: for a target, the most specific row wins (its department
 * and district, then its department and {@code *}); without a row, non-actuator types are enabled and actuator types
 * disabled.
 */
@Repository
class CommandFlags {

    static final String WHOLE_DEPARTMENT = "*";

    private final JdbcClient jdbc;

    CommandFlags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Namespace of the flag locks among PostgreSQL's two-key advisory locks ('CMDF'). */
    static final int FLAG_LOCKS = 0x434d4446;

    /**
     * Holds, until the transaction ends, the lock of one command type's flags in one department: flag changes and
     * approvals of that type and department take it before reading the flag, so an approval never commits on a flag
     * that a change committed meanwhile had disabled.
     */
    void lock(CommandType type, String department) {
        jdbc.sql("select pg_advisory_xact_lock(?, hashtext(?))")
                .params(FLAG_LOCKS, type.name() + "/" + department).query().singleValue();
    }

    EffectiveFlag effective(CommandType type, String department, String district) {
        return row(type, department, district)
                .or(() -> row(type, department, WHOLE_DEPARTMENT))
                .orElseGet(() -> EffectiveFlag.byDefault(type, department, district));
    }

    Optional<EffectiveFlag> row(CommandType type, String department, String district) {
        return jdbc.sql("select * from command_flag where type = ? and department = ? and district = ?")
                .params(type.name(), department, district).query(CommandFlags::map).optional();
    }

    /** Every row for departments the scope sees (and, unless it sees every district, districts it sees or {@code *}). */
    List<EffectiveFlag> rows(AccessScope scope) {
        StringBuilder sql = new StringBuilder("select * from command_flag where true");
        List<Object> params = new ArrayList<>();
        if (!scope.departments().contains(AccessScope.ALL)) {
            sql.append(" and department = any(?)");
            params.add(scope.departments().toArray(String[]::new));
        }
        if (!scope.districts().contains(AccessScope.ALL)) {
            sql.append(" and (district = '*' or district = any(?))");
            params.add(scope.districts().toArray(String[]::new));
        }
        sql.append(" order by department, district, type");
        return jdbc.sql(sql.toString()).params(params).query(CommandFlags::map).list();
    }

    void put(CommandType type, String department, String district, boolean enabled, String by, Instant at,
             String reason) {
        jdbc.sql("insert into command_flag (type, department, district, enabled, changed_by, changed_at, reason) "
                        + "values (?, ?, ?, ?, ?, ?, ?) on conflict (type, department, district) do update set "
                        + "enabled = excluded.enabled, changed_by = excluded.changed_by, "
                        + "changed_at = excluded.changed_at, reason = excluded.reason")
                .params(type.name(), department, district, enabled, by, Timestamp.from(at), reason).update();
    }

    private static EffectiveFlag map(ResultSet rs, int row) throws SQLException {
        String district = rs.getString("district");
        return new EffectiveFlag(CommandType.valueOf(rs.getString("type")), rs.getString("department"), district,
                rs.getBoolean("enabled"), WHOLE_DEPARTMENT.equals(district) ? "department" : "district",
                rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(), rs.getString("reason"));
    }
}
