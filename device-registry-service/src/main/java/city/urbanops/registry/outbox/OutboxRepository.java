package city.urbanops.registry.outbox;

import city.urbanops.events.codec.EventType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The relay's reads and writes of the {@code outbox} table. Every statement stands alone (auto-commit): the claim must
 * be durable before anything is sent, and the mark after Kafka committed.
 */
final class OutboxRepository {

    private static final RowMapper<OutboxRow> ROW = (rs, n) -> new OutboxRow(rs.getLong("seq"), rs.getString("topic"),
            rs.getString("record_key"), EventType.valueOf(rs.getString("event_type")), rs.getString("event_id"),
            rs.getString("subject"), rs.getTimestamp("event_time").toInstant(), rs.getBytes("value"),
            Optional.ofNullable(rs.getTimestamp("claimed_at")).map(Timestamp::toInstant).orElse(null));
    private static final String COLUMNS =
            "seq, topic, record_key, event_type, event_id, subject, event_time, value, claimed_at";

    private final JdbcTemplate jdbc;

    OutboxRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} rows not yet published, in seq order (the partial index outbox_unpublished_idx). */
    List<OutboxRow> unpublished(int limit) {
        return jdbc.query("select " + COLUMNS + " from outbox where published_at is null order by seq limit ?",
                ROW, limit);
    }

    /** The rows a relay claimed and did not mark published: the batch in doubt after a crash, in seq order. */
    List<OutboxRow> claimedUnpublished() {
        return jdbc.query("select " + COLUMNS + " from outbox where published_at is null and claimed_at is not null "
                + "order by seq", ROW);
    }

    void claim(List<OutboxRow> rows, Instant now) {
        jdbc.update("update outbox set claimed_at = ? where seq = any(?) and published_at is null",
                Timestamp.from(now), seqs(rows));
    }

    void markPublished(List<OutboxRow> rows, Instant now) {
        if (!rows.isEmpty()) {
            jdbc.update("update outbox set published_at = ?, claimed_at = coalesce(claimed_at, ?) "
                    + "where seq = any(?) and published_at is null", Timestamp.from(now), Timestamp.from(now), seqs(rows));
        }
    }

    void release(List<OutboxRow> rows) {
        if (!rows.isEmpty()) {
            jdbc.update("update outbox set claimed_at = null where seq = any(?) and published_at is null",
                    (Object) seqs(rows));
        }
    }

    /** How many rows wait and since when the oldest of them waits. */
    Pending pending() {
        return jdbc.queryForObject("select count(*), min(created_at) from outbox where published_at is null",
                (rs, n) -> new Pending(rs.getLong(1), Optional.ofNullable(rs.getTimestamp(2)).map(Timestamp::toInstant)));
    }

    /** Deletes up to {@code limit} rows published before {@code before}; returns how many went. */
    int deletePublishedBefore(Instant before, int limit) {
        return jdbc.update("delete from outbox where seq in (select seq from outbox where published_at < ? limit ?)",
                Timestamp.from(before), limit);
    }

    private static Long[] seqs(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::seq).toArray(Long[]::new);
    }

    record Pending(long count, Optional<Instant> oldest) {
    }
}
