package city.urbanops.registry.bulkimport;

import city.urbanops.security.AccessScope;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Import jobs, their kept files and their error reports. */
@Repository
class ImportJobRepository {

    private static final String COLUMNS = """
            id, created_by, scope_departments, scope_districts, mode, format, status, failure_reason, file_bytes,
            rows_read, created_count, updated_count, unchanged_count, rejected_count, rows_committed, attempts,
            submitted_at, started_at, finished_at""";
    /** Serialises submissions, so that the bound on unfinished jobs holds across concurrent uploads and instances. */
    private static final long SUBMISSION_LOCK = 0x75726249_6d707274L;

    private final JdbcTemplate jdbc;

    ImportJobRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a QUEUED job with its file, unless {@code maxUnfinished} jobs are already queued or running. */
    @Transactional
    boolean submit(ImportJob job, byte[] file, int maxUnfinished) {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, SUBMISSION_LOCK);
        Long unfinished = jdbc.queryForObject("select count(*) from import_job where status in ('QUEUED', 'RUNNING')",
                Long.class);
        if (unfinished != null && unfinished >= maxUnfinished) {
            return false;
        }
        jdbc.update("""
                insert into import_job (id, created_by, scope_departments, scope_districts, mode, format, status,
                                        file_bytes, submitted_at)
                values (?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?)""", ps -> {
            ps.setObject(1, job.id());
            ps.setString(2, job.createdBy());
            ps.setArray(3, ps.getConnection().createArrayOf("text", job.scope().departments().toArray(String[]::new)));
            ps.setArray(4, ps.getConnection().createArrayOf("text", job.scope().districts().toArray(String[]::new)));
            ps.setString(5, job.mode().name());
            ps.setString(6, job.format().name());
            ps.setLong(7, job.fileBytes());
            ps.setTimestamp(8, Timestamp.from(job.submittedAt()));
        });
        jdbc.update("insert into import_job_file (job_id, content) values (?, ?)", job.id(), file);
        return true;
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.query("select " + COLUMNS + " from import_job where id = ?", (rs, n) -> job(rs), id).stream()
                .findFirst();
    }

    /**
     * Takes the oldest job that is QUEUED, or RUNNING without a heartbeat since {@code staleBefore} (its runner died),
     * and marks it RUNNING for this runner, counting the attempt.
     */
    @Transactional
    Optional<ImportJob> claimNext(Instant now, Instant staleBefore) {
        return jdbc.query("""
                update import_job set status = 'RUNNING', attempts = attempts + 1, heartbeat_at = ?,
                                      started_at = coalesce(started_at, ?)
                where id = (select id from import_job
                            where status = 'QUEUED' or (status = 'RUNNING' and heartbeat_at < ?)
                            order by submitted_at limit 1 for update skip locked)
                returning\s""" + COLUMNS, (rs, n) -> job(rs), Timestamp.from(now), Timestamp.from(now),
                Timestamp.from(staleBefore)).stream().findFirst();
    }

    void heartbeat(Collection<UUID> running, Instant now) {
        if (!running.isEmpty()) {
            jdbc.update("update import_job set heartbeat_at = ? where id = any(?) and status = 'RUNNING'", ps -> {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setArray(2, ps.getConnection().createArrayOf("uuid", running.toArray()));
            });
        }
    }

    byte[] file(UUID id) {
        return jdbc.queryForObject("select content from import_job_file where job_id = ?", byte[].class, id);
    }

    /** Records what reading and checking the file found; a resumed run replaces what an earlier attempt recorded. */
    @Transactional
    void recordValidation(UUID id, long rows, long rejectedRows, List<RowProblem> problems) {
        jdbc.update("delete from import_job_error where job_id = ?", id);
        jdbc.update("update import_job set rows_read = ?, rejected_count = ? where id = ?", rows, rejectedRows, id);
        for (int from = 0; from < problems.size(); from += 10_000) {
            List<RowProblem> chunk = problems.subList(from, Math.min(problems.size(), from + 10_000));
            int firstSeq = from + 1;
            jdbc.update("""
                    insert into import_job_error (job_id, seq, line, field, reason)
                    select ?, ? + u.ord - 1, u.line, u.field, u.reason
                    from unnest(?::int8[], ?::text[], ?::text[]) with ordinality as u(line, field, reason, ord)""",
                    ps -> {
                        ps.setObject(1, id);
                        ps.setInt(2, firstSeq);
                        ps.setArray(3, ps.getConnection().createArrayOf("int8",
                                chunk.stream().map(RowProblem::line).toArray(Long[]::new)));
                        ps.setArray(4, ps.getConnection().createArrayOf("text",
                                chunk.stream().map(RowProblem::field).toArray(String[]::new)));
                        ps.setArray(5, ps.getConnection().createArrayOf("text",
                                chunk.stream().map(RowProblem::reason).toArray(String[]::new)));
                    });
        }
    }

    /** Adds a committed chunk's outcome; called inside the chunk's transaction so counts and writes agree. */
    void addCommitted(UUID id, long rows, long created, long updated, long unchanged) {
        jdbc.update("""
                update import_job set rows_committed = rows_committed + ?, created_count = created_count + ?,
                                      updated_count = updated_count + ?, unchanged_count = unchanged_count + ?
                where id = ?""", rows, created, updated, unchanged, id);
    }

    /** Ends a job; its file goes, its counts and error report stay. */
    @Transactional
    void finish(UUID id, JobStatus status, String failureReason, Instant now) {
        jdbc.update("update import_job set status = ?, failure_reason = ?, finished_at = ?, heartbeat_at = null "
                + "where id = ?", status.name(), failureReason, Timestamp.from(now), id);
        jdbc.update("delete from import_job_file where job_id = ?", id);
    }

    /** Up to {@code limit} problems after cursor {@code afterSeq}, in file order. */
    List<ErrorEntry> errors(UUID id, int afterSeq, int limit) {
        return jdbc.query("select seq, line, field, reason from import_job_error where job_id = ? and seq > ? "
                + "order by seq limit ?", (rs, n) -> new ErrorEntry(rs.getInt(1), new RowProblem(rs.getLong(2),
                rs.getString(3), rs.getString(4))), id, afterSeq, limit);
    }

    record ErrorEntry(int seq, RowProblem problem) {
    }

    /** Deletes finished jobs (with their reports) that finished before {@code before}. */
    int deleteFinishedBefore(Instant before) {
        return jdbc.update("delete from import_job where finished_at < ?", Timestamp.from(before));
    }

    private static ImportJob job(ResultSet rs) throws SQLException {
        return new ImportJob(rs.getObject("id", UUID.class), rs.getString("created_by"),
                new AccessScope(strings(rs.getArray("scope_departments")), strings(rs.getArray("scope_districts"))),
                ImportMode.valueOf(rs.getString("mode")), ImportFormat.valueOf(rs.getString("format")),
                JobStatus.valueOf(rs.getString("status")), rs.getString("failure_reason"), rs.getLong("file_bytes"),
                new ImportJob.Counts(rs.getLong("rows_read"), rs.getLong("created_count"),
                        rs.getLong("updated_count"), rs.getLong("unchanged_count"), rs.getLong("rejected_count")),
                rs.getLong("rows_committed"), rs.getInt("attempts"), instant(rs, "submitted_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Set<String> strings(Array array) throws SQLException {
        return new HashSet<>(Arrays.asList((String[]) array.getArray()));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
