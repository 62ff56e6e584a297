package city.urbanops.security.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the last result of a health check that runs in the background, with when it ran ({@code checkedAt}) and
 * how old it is ({@code age}). Asking for health never calls the checked system, so any number of requests costs
 * that system one check per interval.
 */
public final class BackgroundHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BackgroundHealthIndicator.class);

    private final String name;
    private final HealthIndicator check;
    private final Clock clock;
    private volatile Result last;
    private CompletableFuture<Health> running;

    BackgroundHealthIndicator(String name, HealthIndicator check, Clock clock) {
        this.name = name;
        this.check = check;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Result result = last;
        if (result == null) {
            return Health.unknown().withDetail("error", "not checked yet").build();
        }
        Duration age = Duration.between(result.checkedAt(), clock.instant()).truncatedTo(ChronoUnit.MILLIS);
        return Health.status(result.health().getStatus())
                .withDetails(result.health().getDetails())
                .withDetail("checkedAt", result.checkedAt().toString())
                .withDetail("age", age.toString())
                .build();
    }

    /**
     * Starts a check on {@code workers} unless the previous one is still running (a hung check is never piled up);
     * the returned future completes once its result, or its timeout as DOWN, is the last result.
     */
    synchronized CompletableFuture<Void> refresh(Executor workers, Duration timeout) {
        if (running != null && !running.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Health> attempt = CompletableFuture.supplyAsync(this::ask, workers);
        running = attempt;
        // The copy times out, not the attempt, so a hung attempt still counts as running.
        return attempt.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((health, failure) -> {
                    record(failure == null ? health : unanswered(failure, timeout));
                    return null;
                });
    }

    private Health ask() {
        try {
            Health health = check.health();
            return health != null ? health : Health.unknown().build();
        } catch (RuntimeException failed) {
            return Health.down(failed).build();
        }
    }

    private static Health unanswered(Throwable failure, Duration timeout) {
        if (failure instanceof TimeoutException) {
            return Health.down().withDetail("error", "no answer within " + timeout).build();
        }
        return Health.down(failure).build();
    }

    private void record(Health health) {
        Result previous = last;
        last = new Result(health, clock.instant());
        Status status = health.getStatus();
        if (previous == null || !previous.health().getStatus().equals(status)) {
            if (Status.UP.equals(status)) {
                log.info("Health check {} is {}", name, status);
            } else {
                log.warn("Health check {} is {}: {}", name, status, health.getDetails());
            }
        }
    }

    private record Result(Health health, Instant checkedAt) {
    }
}
