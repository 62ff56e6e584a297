package city.urbanops.security.health;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.application.AvailabilityStateHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.PingHealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the service's background health checks: one round before the web server opens, so nobody is told about a
 * check that has not run, then one round every check interval. Each check runs on a worker thread of its own,
 * bounded by the check timeout; a check still running when the next round comes is not started again.
 */
public final class BackgroundHealthChecks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundHealthChecks.class);
    /** Before the web server starts (and after it stops). */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final HealthCheckProperties settings;
    private final Clock clock;
    private final List<BackgroundHealthIndicator> indicators = new CopyOnWriteArrayList<>();
    private ExecutorService workers;
    private ScheduledExecutorService scheduler;

    BackgroundHealthChecks(HealthCheckProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * What the health endpoint should ask instead of {@code contributor}: for an indicator that may call a remote
     * system (Boot's {@code db}, a service's Kafka check, ...), a {@link BackgroundHealthIndicator} reporting its last
     * background result; Boot's liveness, readiness and ping indicators and every {@link InProcessHealthIndicator}
     * only read memory and stay as they are. Composite contributors are left as they are too.
     */
    HealthContributor exposed(String name, HealthContributor contributor) {
        if (contributor instanceof HealthIndicator indicator && mayCallARemoteSystem(indicator)) {
            var inBackground = new BackgroundHealthIndicator(name, indicator, clock);
            indicators.add(inBackground);
            return inBackground;
        }
        return contributor;
    }

    private static boolean mayCallARemoteSystem(HealthIndicator indicator) {
        return !(indicator instanceof InProcessHealthIndicator
                || indicator instanceof AvailabilityStateHealthIndicator
                || indicator instanceof PingHealthIndicator
                || indicator instanceof BackgroundHealthIndicator);
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        workers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("urbanops-health-check-", 0)
                .factory());
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("urbanops-health-rounds").factory());
        ExecutorService pool = workers;
        refreshAll(pool).join();
        long interval = settings.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> refreshAllQuietly(pool), interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
        scheduler = null;
        workers = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private CompletableFuture<Void> refreshAll(ExecutorService pool) {
        return CompletableFuture.allOf(indicators.stream()
                .map(indicator -> indicator.refresh(pool, settings.checkTimeout()))
                .toArray(CompletableFuture[]::new));
    }

    private void refreshAllQuietly(ExecutorService pool) {
        try {
            refreshAll(pool);
        } catch (RuntimeException unexpected) {
            // Thrown out of a scheduled round it would cancel every later round; the skipped round shows as age.
            if (!pool.isShutdown()) {
                log.warn("A round of background health checks could not start", unexpected);
            }
        }
    }
}
