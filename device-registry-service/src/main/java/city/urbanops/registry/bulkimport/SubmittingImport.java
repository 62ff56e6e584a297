package city.urbanops.registry.bulkimport;

import city.urbanops.security.AccessScope;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Accepts an upload as a QUEUED job, or refuses it with nothing changed: too large, not UTF-8, an unknown column, not
 * a JSON array, or no room (too many uploads at once or too many unfinished jobs). The file is held in memory while
 * it is received (hence the bound on concurrent uploads) and kept with the job until the job finishes.
 */
@Component
class SubmittingImport {

    private static final int RETRY_AFTER_SECONDS = 30;

    private final ImportJobRepository jobs;
    private final ImportWorkers workers;
    private final ImportProperties properties;
    private final ImportMetrics metrics;
    private final Clock clock;
    private final Semaphore uploads;

    SubmittingImport(ImportJobRepository jobs, ImportWorkers workers, ImportProperties properties,
            ImportMetrics metrics, ObjectProvider<Clock> clock) {
        this.jobs = jobs;
        this.workers = workers;
        this.properties = properties;
        this.metrics = metrics;
        // The application's clock if it has one (tests may set it), else the system's.
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.uploads = new Semaphore(properties.maxConcurrentUploads());
    }

    /** Who submits, and what they may touch: the job runs later, without their token. */
    record Submitter(String name, AccessScope scope) {
    }

    ImportJob submit(Submitter submitter, ImportFormat format, ImportMode mode, long declaredLength,
            InputStream body) throws IOException {
        try {
            return accept(submitter, format, mode, declaredLength, body);
        } catch (ImportRefusedException e) {
            metrics.refused(e.getBody().getType().getPath().replaceFirst(".*/", ""));
            throw e;
        }
    }

    private ImportJob accept(Submitter submitter, ImportFormat format, ImportMode mode, long declaredLength,
            InputStream body) throws IOException {
        long limit = properties.maxUploadSize().toBytes();
        if (declaredLength > limit) {
            throw ImportRefusedException.tooLarge(limit);
        }
        if (!uploads.tryAcquire()) {
            throw ImportRefusedException.busy(properties.maxConcurrentUploads() + " uploads are being received "
                    + "already; retry later", RETRY_AFTER_SECONDS);
        }
        try {
            byte[] file = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (file.length > limit) {
                throw ImportRefusedException.tooLarge(limit);
            }
            UploadCheck.check(file, format, properties.maxLineLength());
            var job = new ImportJob(UUID.randomUUID(), submitter.name(), submitter.scope(), mode, format,
                    JobStatus.QUEUED, null, file.length, new ImportJob.Counts(0, 0, 0, 0, 0), 0, 0,
                    clock.instant().truncatedTo(ChronoUnit.MICROS), null, null);
            if (!jobs.submit(job, file, properties.maxUnfinishedJobs())) {
                throw ImportRefusedException.busy(properties.maxUnfinishedJobs() + " imports are queued or running "
                        + "already; retry when one has finished", RETRY_AFTER_SECONDS);
            }
            workers.wakeUp();
            return job;
        } finally {
            uploads.release();
        }
    }
}
