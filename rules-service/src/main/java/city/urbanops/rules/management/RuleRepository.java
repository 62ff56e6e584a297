package city.urbanops.rules.management;

import city.urbanops.rules.management.RuleRows.ChangeRow;
import city.urbanops.rules.management.RuleRows.ListedRule;
import city.urbanops.rules.management.RuleRows.RuleRow;
import city.urbanops.rules.management.RuleRows.VersionRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The rule tables ({@code rule}, {@code rule_version}, {@code rule_change}); only this package touches them. */
@Repository
class RuleRepository {

    private static final String RULE_COLUMNS =
            "r.id, r.created_by, r.created_at, r.latest_version, r.enabled_version, r.enabled_at, r.enabled_by";
    private static final RowMapper<RuleRow> RULE = (rs, n) -> rule(rs);
    private static final RowMapper<VersionRow> VERSION = (rs, n) -> new VersionRow(rs.getString("rule_id"),
            rs.getInt("version"), rs.getString("document"), rs.getString("author"), instant(rs, "created_at"),
            rs.getString("reason"));
    private static final RowMapper<ChangeRow> CHANGE = (rs, n) -> new ChangeRow(rs.getLong("seq"),
            rs.getString("rule_id"), rs.getInt("version"), RuleAction.valueOf(rs.getString("action")),
            rs.getString("actor"), rs.getString("reason"), instant(rs, "at"));

    private final JdbcTemplate jdbc;

    RuleRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new rule; false when the id is taken. */
    boolean insertRule(String id, String createdBy, Instant at) {
        return jdbc.update("insert into rule (id, created_by, created_at, latest_version) values (?, ?, ?, 1) "
                + "on conflict (id) do nothing", id, createdBy, Timestamp.from(at)) == 1;
    }

    void insertVersion(String ruleId, int version, String document, String author, Instant at, String reason) {
        jdbc.update("insert into rule_version (rule_id, version, document, author, created_at, reason) "
                + "values (?, ?, ?::jsonb, ?, ?, ?)", ruleId, version, document, author, Timestamp.from(at), reason);
    }

    /** The rule, locked until the transaction ends: changes to one rule happen one after the other. */
    Optional<RuleRow> lock(String id) {
        return jdbc.query("select " + RULE_COLUMNS + " from rule r where r.id = ? for update", RULE, id).stream()
                .findFirst();
    }

    Optional<RuleRow> find(String id) {
        return jdbc.query("select " + RULE_COLUMNS + " from rule r where r.id = ?", RULE, id).stream().findFirst();
    }

    void setLatest(String id, int version) {
        jdbc.update("update rule set latest_version = ? where id = ?", version, id);
    }

    void setEnabled(String id, int version, Instant at, String by) {
        jdbc.update("update rule set enabled_version = ?, enabled_at = ?, enabled_by = ? where id = ?", version,
                Timestamp.from(at), by, id);
    }

    void clearEnabled(String id) {
        jdbc.update("update rule set enabled_version = null, enabled_at = null, enabled_by = null where id = ?", id);
    }

    Optional<VersionRow> version(String ruleId, int version) {
        return jdbc.query("select rule_id, version, document::text as document, author, created_at, reason "
                + "from rule_version where rule_id = ? and version = ?", VERSION, ruleId, version).stream().findFirst();
    }

    /** Up to {@code limit} versions after {@code afterVersion} (0 for the first), oldest first, without documents. */
    List<VersionRow> versions(String ruleId, int afterVersion, int limit) {
        return jdbc.query("select rule_id, version, null as document, author, created_at, reason from rule_version "
                + "where rule_id = ? and version > ? order by version limit ?", VERSION, ruleId, afterVersion, limit);
    }

    /** Appends a change to the rule's audit trail; returns its seq. */
    long appendChange(String ruleId, int version, RuleAction action, String actor, String reason, Instant at) {
        return jdbc.queryForObject("insert into rule_change (rule_id, version, action, actor, reason, at) "
                + "values (?, ?, ?, ?, ?, ?) returning seq", Long.class,
                ruleId, version, action.name(), actor, reason, Timestamp.from(at));
    }

    /** Up to {@code limit} changes of a rule before {@code beforeSeq} (null for the newest), newest first. */
    List<ChangeRow> history(String ruleId, Long beforeSeq, int limit) {
        return jdbc.query("select seq, rule_id, version, action, actor, reason, at from rule_change "
                + "where rule_id = ? and seq < ? order by seq desc limit ?", CHANGE, ruleId,
                beforeSeq == null ? Long.MAX_VALUE : beforeSeq, limit);
    }

    /**
     * The version that was in force before the current enablement: the latest enablement before it of another
     * version. Empty when the rule was never enabled with another version.
     */
    Optional<Integer> enabledBefore(String ruleId, int current) {
        return jdbc.queryForList("select version from rule_change where rule_id = ? "
                + "and action in ('ENABLED', 'ROLLED_BACK') and version <> ? and seq < (select max(seq) from rule_change "
                + "where rule_id = ? and action in ('ENABLED', 'ROLLED_BACK')) order by seq desc limit 1",
                Integer.class, ruleId, current, ruleId).stream().findFirst();
    }

    /**
     * Up to {@code limit} rules after {@code afterId}, by id, that match the filter and that the reader may see (the
     * scope of their latest or enabled version intersects the reader's).
     */
    List<ListedRule> list(RuleListQuery query, String afterId, int limit) {
        var sql = new StringBuilder("select " + RULE_COLUMNS + ", coalesce(ev.document, lv.document)::text as current "
                + "from rule r join rule_version lv on lv.rule_id = r.id and lv.version = r.latest_version "
                + "left join rule_version ev on ev.rule_id = r.id and ev.version = r.enabled_version where r.id > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterId == null ? "" : afterId);
        if (query.enabled() != null) {
            sql.append(query.enabled() ? " and r.enabled_version is not null" : " and r.enabled_version is null");
        }
        if (query.measurement() != null) {
            sql.append(" and coalesce(ev.document, lv.document) -> 'condition' ->> 'measurement' = ?");
            args.add(query.measurement());
        }
        if (query.district() != null) {
            // A rule without districts applies in every district, so it is listed for any of them.
            sql.append(" and (").append(isEmpty("coalesce(ev.document, lv.document)", "districts"))
                    .append(" or jsonb_exists(coalesce(ev.document, lv.document) -> 'scope' -> 'districts', ?))");
            args.add(query.district());
        }
        sql.append(" and (").append(visible("lv.document", query, args)).append(" or (ev.document is not null and ")
                .append(visible("ev.document", query, args)).append("))");
        sql.append(" order by r.id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> new ListedRule(rule(rs), rs.getString("current")),
                args.toArray());
    }

    long countEnabled() {
        return jdbc.queryForObject("select count(*) from rule where enabled_version is not null", Long.class);
    }

    /** Whether the scope of {@code document} intersects the reader's departments and districts (both non-empty). */
    private static String visible(String document, RuleListQuery query, List<Object> args) {
        var clause = new StringBuilder();
        for (var dimension : List.of("departments", "districts")) {
            var granted = dimension.equals("departments") ? query.departments() : query.districts();
            if (!clause.isEmpty()) {
                clause.append(" and ");
            }
            clause.append("(? or ").append(isEmpty(document, dimension)).append(" or jsonb_exists_any(")
                    .append(document).append(" -> 'scope' -> '").append(dimension).append("', ?::text[]))");
            args.add(granted.all());
            args.add(granted.names().toArray(String[]::new));
        }
        return "(" + clause + ")";
    }

    private static String isEmpty(String document, String dimension) {
        return "coalesce(jsonb_array_length(" + document + " -> 'scope' -> '" + dimension + "'), 0) = 0";
    }

    private static RuleRow rule(ResultSet rs) throws SQLException {
        int enabledVersion = rs.getInt("enabled_version");
        Integer enabled = rs.wasNull() ? null : enabledVersion;
        return new RuleRow(rs.getString("id"), rs.getString("created_by"), instant(rs, "created_at"),
                rs.getInt("latest_version"), enabled, instant(rs, "enabled_at"), rs.getString("enabled_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
