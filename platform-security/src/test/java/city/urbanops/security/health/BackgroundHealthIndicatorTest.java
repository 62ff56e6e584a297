package city.urbanops.security.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class BackgroundHealthIndicatorTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00Z"));

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Test
    void beforeTheFirstCheckTheStatusIsUnknown() {
        var indicator = new BackgroundHealthIndicator("kafka", Health.up()::build, clock);

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void reportsTheLastResultWithItsDetailsTimeAndAge() {
        var indicator = new BackgroundHealthIndicator("kafka",
                () -> Health.down().withDetail("error", "broker unreachable").build(), clock);

        indicator.refresh(workers, TIMEOUT).join();
        clock.advance(Duration.ofMillis(2500));
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", "broker unreachable")
                .containsEntry("checkedAt", "2026-11-30T10:00:00Z")
                .containsEntry("age", "PT2.5S");
    }

    @Test
    void askingForHealthDoesNotRunTheCheck() {
        var calls = new AtomicInteger();
        var indicator = new BackgroundHealthIndicator("db", () -> {
            calls.incrementAndGet();
            return Health.up().build();
        }, clock);
        indicator.refresh(workers, TIMEOUT).join();

        for (int i = 0; i < 1000; i++) {
            indicator.health();
        }

        assertThat(calls).hasValue(1);
    }

    @Test
    void aCheckThatDoesNotAnswerWithinTheTimeoutIsDownAndIsNotStartedAgainWhileItHangs() throws Exception {
        var calls = new AtomicInteger();
        var release = new CountDownLatch(1);
        var indicator = new BackgroundHealthIndicator("kafka", () -> {
            calls.incrementAndGet();
            await(release);
            return Health.up().build();
        }, clock);

        indicator.refresh(workers, TIMEOUT).join();
        indicator.refresh(workers, TIMEOUT).join();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("error", "no answer within PT0.2S");
        assertThat(calls).hasValue(1);
        release.countDown();
    }

    @Test
    void aCheckThatThrowsIsDown() {
        var indicator = new BackgroundHealthIndicator("kafka", () -> {
            throw new IllegalStateException("no route to host");
        }, clock);

        indicator.refresh(workers, TIMEOUT).join();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails().get("error").toString()).contains("no route to host");
    }

    @Test
    void theNextRoundFollowsTheCheckedSystem() {
        var answer = new AtomicReference<>(Health.up().build());
        var indicator = new BackgroundHealthIndicator("kafka", answer::get, clock);
        indicator.refresh(workers, TIMEOUT).join();

        answer.set(Health.down().build());
        indicator.refresh(workers, TIMEOUT).join();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
