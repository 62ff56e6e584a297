package city.urbanops.rules.management;

import city.urbanops.rules.rule.RuleRelease;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code rule_release_outbox} table: a change writes the release it announces here in its own transaction, and
 * {@link RuleReleaseRelay} sends it to the rules topic after commit. A row's value is the {@link RuleRelease} JSON, or
 * null for the tombstone of a disabled rule.
 */
@Repository
class RuleReleaseOutbox {

    /** One row to send: {@code value} null is a tombstone. */
    record Row(long seq, String ruleId, Integer version, byte[] value) {
    }

    private final JdbcTemplate jdbc;
    private final RuleDocumentCodec documents;

    RuleReleaseOutbox(JdbcTemplate jdbc, RuleDocumentCodec documents) {
        this.jdbc = jdbc;
        this.documents = documents;
    }

    void release(RuleRelease release) {
        jdbc.update("insert into rule_release_outbox (rule_id, version, value, created_at) values (?, ?, ?, ?)",
                release.ruleId(), release.version(), documents.bytes(release), Timestamp.from(release.enabledAt()));
    }

    void tombstone(String ruleId, Instant at) {
        jdbc.update("insert into rule_release_outbox (rule_id, version, value, created_at) values (?, null, null, ?)",
                ruleId, Timestamp.from(at));
    }

    /**
     * Queues the current state of every rule again: the release of each enabled rule, and a tombstone for each rule
     * that was enabled once and is disabled now. The rules are share-locked meanwhile, so no change slips between the
     * state read here and the rows queued after it.
     */
    int requeueCurrentState(Instant at) {
        var enabled = jdbc.query("select r.id, r.enabled_version, r.enabled_at, r.enabled_by, v.document::text as document "
                + "from rule r join rule_version v on v.rule_id = r.id and v.version = r.enabled_version "
                + "order by r.id for share of r", (rs, n) -> new RuleRelease(rs.getString("id"),
                rs.getInt("enabled_version"), documents.read(rs.getString("document")),
                rs.getTimestamp("enabled_at").toInstant(), rs.getString("enabled_by")));
        enabled.forEach(this::release);
        var disabled = jdbc.queryForList("select r.id from rule r where r.enabled_version is null and exists ("
                + "select 1 from rule_change c where c.rule_id = r.id and c.action in ('ENABLED', 'ROLLED_BACK')) "
                + "order by r.id for share of r", String.class);
        disabled.forEach(id -> tombstone(id, at));
        return enabled.size() + disabled.size();
    }

    List<Row> unsent(int limit) {
        return jdbc.query("select seq, rule_id, version, value from rule_release_outbox where sent_at is null "
                + "order by seq limit ?", (rs, n) -> {
                    int version = rs.getInt("version");
                    return new Row(rs.getLong("seq"), rs.getString("rule_id"), rs.wasNull() ? null : version,
                            rs.getBytes("value"));
                }, limit);
    }

    void markSent(List<Row> rows, Instant at) {
        jdbc.update("update rule_release_outbox set sent_at = ? where seq = any(?)", Timestamp.from(at),
                rows.stream().map(Row::seq).toArray(Long[]::new));
    }

    long unsentCount() {
        return jdbc.queryForObject("select count(*) from rule_release_outbox where sent_at is null", Long.class);
    }

    /** Deletes up to {@code limit} rows sent before {@code before}; returns how many went. */
    int deleteSentBefore(Instant before, int limit) {
        return jdbc.update("delete from rule_release_outbox where seq in (select seq from rule_release_outbox "
                + "where sent_at < ? limit ?)", Timestamp.from(before), limit);
    }
}
