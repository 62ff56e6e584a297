package city.urbanops.registry.bulkimport;

import city.urbanops.registry.bulkimport.ImportMetrics.RowOutcome;
import city.urbanops.registry.bulkimport.ImportWriter.Written;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one claimed import job: read the kept file, check every row, then write the valid rows in chunks. In
 * ALL_OR_NOTHING mode any bad row stops the job before a write, and all chunks share one transaction; in PARTIAL mode
 * each chunk commits on its own with the job's counts, and a run resumed after a crash skips the rows already
 * committed (the plan of a file is the same on every run).
 */
@Component
class ImportingDevices {

    private static final Logger log = LoggerFactory.getLogger(ImportingDevices.class);

    private final ImportJobRepository jobs;
    private final ImportCatalogRepository catalogs;
    private final ImportDeviceRepository devices;
    private final ImportWriter writer;
    private final TransactionTemplate transactions;
    private final ImportProperties properties;
    private final ImportMetrics metrics;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ImportingDevices(ImportJobRepository jobs, ImportCatalogRepository catalogs, ImportDeviceRepository devices,
            ImportWriter writer, TransactionTemplate transactions, ImportProperties properties, ImportMetrics metrics,
            ObjectProvider<Clock> clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jobs = jobs;
        this.catalogs = catalogs;
        this.devices = devices;
        this.writer = writer;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
        // The application's clock if it has one (tests may set it), else the system's.
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    void run(ImportJob job) {
        Instant started = clock.instant();
        JobStatus status;
        String reason;
        try {
            reason = importRows(job);
            status = reason == null ? JobStatus.SUCCEEDED : JobStatus.FAILED;
        } catch (ConcurrencyFailureException | DataIntegrityViolationException e) {
            status = JobStatus.FAILED;
            reason = "a change made while the import ran conflicts with it (" + e.getMostSpecificCause().getMessage()
                    + "); " + (job.mode() == ImportMode.ALL_OR_NOTHING ? "nothing was written"
                    : "what the import committed stays") + "; run it again, it only applies what is still missing";
        } catch (TransientDataAccessException | DataAccessResourceFailureException e) {
            // The database is away: the job stays RUNNING and is run again once its lease runs out.
            throw e;
        } catch (RuntimeException e) {
            // A defect, not the file's fault and not worth more attempts: say so rather than retry it three times.
            log.error("Import {} failed unexpectedly", job.id(), e);
            status = JobStatus.FAILED;
            reason = "the import failed unexpectedly (" + e.getClass().getSimpleName() + "); the registry's log has "
                    + "the details";
        }
        jobs.finish(job.id(), status, reason, now());
        metrics.finished(status, Duration.between(started, clock.instant()));
        log.info("Import {} by {} {}{}", job.id(), job.createdBy(), status, reason == null ? "" : ": " + reason);
    }

    /** Null when the job succeeded, else why it failed. */
    private String importRows(ImportJob job) {
        if (job.attempts() > properties.maxAttempts()) {
            return "the import was interrupted " + (job.attempts() - 1) + " times (the registry stopped or lost its "
                    + "database while it ran); it is not tried again; what it committed stays";
        }
        long started = System.nanoTime();
        var outcome = new ImportFileReader(properties.maxRows(), properties.maxLineLength())
                .read(jobs.file(job.id()), job.format());
        if (outcome instanceof ImportFileReader.Unreadable(String why)) {
            return why + "; nothing was written";
        }
        List<RawRow> rows = ((ImportFileReader.Rows) outcome).rows();
        long read = System.nanoTime();
        ImportCatalog catalog = catalogs.load();
        KnownDevices known = devices.knownFor(rows);
        long loaded = System.nanoTime();
        RowValidation.Validated validated = RowValidation.validate(rows, catalog, known, job.scope());
        long checked = System.nanoTime();
        jobs.recordValidation(job.id(), rows.size(), validated.rejectedRows(), validated.problems());
        metrics.rows(RowOutcome.REJECTED, validated.rejectedRows());
        if (job.mode() == ImportMode.ALL_OR_NOTHING && validated.rejectedRows() > 0) {
            return validated.rejectedRows() + " of " + rows.size() + " rows are bad; nothing was written "
                    + "(ALL_OR_NOTHING): see the errors";
        }
        List<ImportPlan.Change> changes = ImportPlan.of(validated.valid(), known).changes();
        // What an earlier, interrupted run of this job committed is counted already.
        List<ImportPlan.Change> remaining = changes.subList((int) Math.min(job.rowsCommitted(), changes.size()),
                changes.size());
        Instant at = now();
        if (job.mode() == ImportMode.ALL_OR_NOTHING) {
            // One transaction: the job's counts are updated once, at its end, so its row is not held locked meanwhile.
            counted(transactions.execute(tx -> committed(job, chunks(remaining).stream()
                    .map(chunk -> writer.write(job, chunk, catalog, at)).reduce(Written.NOTHING, Written::plus))));
        } else {
            chunks(remaining).forEach(chunk -> counted(transactions.execute(tx -> committed(job,
                    writer.write(job, chunk, catalog, at)))));
        }
        log.info("Import {}: {} rows read in {} ms, the registry's state loaded in {} ms, rows checked in {} ms, {} "
                + "planned rows written in {} ms", job.id(), rows.size(), millis(started, read), millis(read, loaded),
                millis(loaded, checked), remaining.size(), millis(checked, System.nanoTime()));
        return null;
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private Written committed(ImportJob job, Written written) {
        jobs.addCommitted(job.id(), written.rows(), written.created(), written.updated(), written.unchanged());
        if (written.created() + written.updated() > 0) {
            events.publishEvent(new DevicesImported(job.id(), job.createdBy(), written.created(), written.updated(),
                    now()));
        }
        return written;
    }

    /** Counts rows in the metrics once their transaction committed. */
    private void counted(Written written) {
        metrics.rows(RowOutcome.CREATED, written.created());
        metrics.rows(RowOutcome.UPDATED, written.updated());
        metrics.rows(RowOutcome.UNCHANGED, written.unchanged());
    }

    private List<List<ImportPlan.Change>> chunks(List<ImportPlan.Change> changes) {
        int size = properties.chunkSize();
        return IntStream.range(0, (changes.size() + size - 1) / size)
                .mapToObj(i -> changes.subList(i * size, Math.min(changes.size(), (i + 1) * size))).toList();
    }

    // The database keeps microseconds: the records carry the same instant the rows do.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
