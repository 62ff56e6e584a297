package city.urbanops.registry.bulkimport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Bulk import's meters, registered once: rows by outcome, finished jobs by status, run time, refused uploads. */
@Component
class ImportMetrics {

    /** What happened to a row. */
    enum RowOutcome { CREATED, UPDATED, UNCHANGED, REJECTED }

    private final Map<RowOutcome, Counter> rows = new EnumMap<>(RowOutcome.class);
    private final Map<JobStatus, Counter> jobs = new EnumMap<>(JobStatus.class);
    private final Timer runs;
    private final MeterRegistry registry;

    ImportMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RowOutcome outcome : RowOutcome.values()) {
            rows.put(outcome, Counter.builder("urbanops.registry.import.rows").tag("outcome", outcome.name()
                    .toLowerCase()).description("Import rows by what the import did with them").register(registry));
        }
        for (JobStatus status : new JobStatus[] {JobStatus.SUCCEEDED, JobStatus.FAILED}) {
            jobs.put(status, Counter.builder("urbanops.registry.import.jobs").tag("status", status.name()
                    .toLowerCase()).description("Finished import jobs by status").register(registry));
        }
        runs = Timer.builder("urbanops.registry.import.run").description("Time one import run took")
                .register(registry);
    }

    void rows(RowOutcome outcome, long count) {
        rows.get(outcome).increment(count);
    }

    void finished(JobStatus status, Duration took) {
        jobs.get(status).increment();
        runs.record(took);
    }

    /** An upload refused before a job existed, by the problem type's slug (a bounded set). */
    void refused(String reason) {
        registry.counter("urbanops.registry.import.refused", "reason", reason).increment();
    }
}
