package city.urbanops.registry.bulkimport;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The bounded executor of imports: {@code workers} threads take jobs from the database queue (oldest first, skipping
 * jobs another runner holds), so a job survives a crash of the instance that accepted it. A RUNNING job sends a
 * heartbeat; one silent for the lease (its runner died, e.g. {@code kill -9}) is claimed again and re-run, which
 * idempotency makes safe, until it has used its attempts. Finished jobs are deleted after the retention.
 */
@Component
class ImportWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportWorkers.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final ImportJobRepository jobs;
    private final ImportingDevices importing;
    private final ImportProperties properties;
    private final Clock clock;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean started;
    private ExecutorService workers;
    private ScheduledExecutorService housekeeping;

    ImportWorkers(ImportJobRepository jobs, ImportingDevices importing, ImportProperties properties,
            ObjectProvider<Clock> clock) {
        this.jobs = jobs;
        this.importing = importing;
        this.properties = properties;
        // The application's clock if it has one (tests may set it), else the system's.
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** A job was queued: a waiting worker looks now rather than at its next poll. */
    void wakeUp() {
        wakeUp.release();
    }

    @Override
    public synchronized void start() {
        started = true;
        workers = Executors.newFixedThreadPool(properties.workers(), Thread.ofPlatform().name("import-worker-", 1)
                .factory());
        for (int i = 0; i < properties.workers(); i++) {
            workers.execute(this::work);
        }
        housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("import-heartbeat")
                .daemon().factory());
        long beat = properties.heartbeat().toMillis();
        housekeeping.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::deleteExpired, 1, 60, TimeUnit.MINUTES);
    }

    @Override
    public synchronized void stop() {
        started = false;
        wakeUp.release(properties.workers());
        housekeeping.shutdownNow();
        // A job being run when the service stops stays RUNNING; its lease runs out and a runner takes it again.
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    private void work() {
        while (started && !Thread.currentThread().isInterrupted()) {
            try {
                Optional<ImportJob> job = jobs.claimNext(clock.instant(), clock.instant().minus(properties.lease()));
                if (job.isPresent()) {
                    running.add(job.get().id());
                    try {
                        importing.run(job.get());
                    } finally {
                        running.remove(job.get().id());
                    }
                } else {
                    wakeUp.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!started) {
                    return;
                }
                // The database is away or the job's run failed unexpectedly: the job stays RUNNING, its lease runs
                // out, and it is tried again (counted against its attempts).
                log.error("Import worker failed; retrying after a pause", e);
                pause();
            }
        }
    }

    private void heartbeat() {
        try {
            jobs.heartbeat(Set.copyOf(running), clock.instant());
        } catch (RuntimeException e) {
            log.warn("Cannot record the heartbeat of running imports: {}", e.toString());
        }
    }

    private void deleteExpired() {
        try {
            int deleted = jobs.deleteFinishedBefore(clock.instant().minus(properties.retention()));
            if (deleted > 0) {
                log.info("Deleted {} finished import jobs older than {}", deleted, properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Cannot delete expired import jobs: {}", e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(IDLE_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
