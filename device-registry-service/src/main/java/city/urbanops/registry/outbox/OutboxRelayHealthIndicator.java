package city.urbanops.registry.outbox;

import city.urbanops.registry.outbox.RelayStatus.Role;
import city.urbanops.security.health.InProcessHealthIndicator;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;

/**
 * The relay's health, from its own memory (so it is asked on every request): DOWN once it has failed to publish for
 * longer than {@code urbanops.registry.outbox.down-after}, with the pending rows and the age of the oldest. Not part
 * of readiness: the registry takes changes while Kafka is away (the outbox keeps them), so taking it out of service
 * would only refuse work it can do.
 */
final class OutboxRelayHealthIndicator implements InProcessHealthIndicator {

    private final Supplier<RelayStatus> relay;
    private final Duration downAfter;
    private final Clock clock;

    OutboxRelayHealthIndicator(Supplier<RelayStatus> relay, Duration downAfter, Clock clock) {
        this.relay = relay;
        this.downAfter = downAfter;
        this.clock = clock;
    }

    @Override
    public Health health() {
        var status = relay.get();
        var now = clock.instant();
        boolean down = status.failingSince() != null && Duration.between(status.failingSince(), now).compareTo(downAfter) > 0;
        var health = down ? Health.down() : Health.up();
        health.withDetail("role", status.role().name())
                .withDetail("pending", status.pending())
                .withDetail("lagSeconds", status.oldestPending() == null ? 0
                        : Math.max(0, Duration.between(status.oldestPending(), now).toSeconds()));
        if (status.failingSince() != null) {
            health.withDetail("failingSince", status.failingSince().toString())
                    .withDetail("lastFailure", status.lastFailure());
        }
        if (status.role() == Role.DISABLED) {
            health.withDetail("note", "urbanops.registry.outbox.enabled=false: another deployment relays");
        }
        return health.build();
    }
}
