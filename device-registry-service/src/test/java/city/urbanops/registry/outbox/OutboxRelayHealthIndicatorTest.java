package city.urbanops.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.outbox.RelayStatus.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class OutboxRelayHealthIndicatorTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration DOWN_AFTER = Duration.ofSeconds(60);

    @Test
    void aWorkingRelayIsUpWithItsBacklog() {
        var status = new RelayStatus(Role.ACTIVE, 42, NOW.minusSeconds(3), null, null);

        var health = new OutboxRelayHealthIndicator(() -> status, DOWN_AFTER, CLOCK).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("role", "ACTIVE").containsEntry("pending", 42L)
                .containsEntry("lagSeconds", 3L).doesNotContainKey("failingSince");
    }

    @Test
    void aRelayFailingBrieflyIsStillUpButSaysSince() {
        var status = new RelayStatus(Role.ACTIVE, 5, NOW.minusSeconds(30), NOW.minusSeconds(30),
                "org.apache.kafka.common.errors.TimeoutException");

        var health = new OutboxRelayHealthIndicator(() -> status, DOWN_AFTER, CLOCK).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("failingSince", NOW.minusSeconds(30).toString())
                .containsEntry("lastFailure", "org.apache.kafka.common.errors.TimeoutException");
    }

    @Test
    void aRelayFailingLongerThanDownAfterIsDown() {
        var status = new RelayStatus(Role.ACTIVE, 5, NOW.minusSeconds(90), NOW.minusSeconds(61),
                "org.apache.kafka.common.errors.TimeoutException");

        var health = new OutboxRelayHealthIndicator(() -> status, DOWN_AFTER, CLOCK).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("lagSeconds", 90L);
    }
}
