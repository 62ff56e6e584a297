package city.urbanops.registry.bulkimport;

import city.urbanops.security.AccessScope;
import java.time.Instant;
import java.util.UUID;

/** An import job as stored: who submitted what, where it is, and its counts so far. */
record ImportJob(
        UUID id,
        String createdBy,
        AccessScope scope,
        ImportMode mode,
        ImportFormat format,
        JobStatus status,
        String failureReason,
        long fileBytes,
        Counts counts,
        long rowsCommitted,
        int attempts,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt) {

    /**
     * What the job did with its rows: read, and of the valid ones created, updated or left unchanged; rejected counts
     * the bad rows.
     */
    record Counts(long rows, long created, long updated, long unchanged, long rejected) {
    }

    /** The reason every history row of this job's changes carries. */
    String historyReason() {
        return "bulk import " + id;
    }
}
