package city.urbanops.rules.runtime;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code rulesStreams}: UP while the topology runs or rebalances (a partition move is normal work), DOWN while it
 * starts (restoring state), after an error or when stopped. In the readiness group: an instance that cannot
 * evaluate is taken out of service, which for a Kafka Streams application only matters to the probes.
 */
final class RulesStreamsHealth implements HealthIndicator {

    private final RulesStreams streams;

    RulesStreamsHealth(RulesStreams streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        var state = streams.state();
        var builder = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up() : Health.down();
        return builder.withDetail("state", state.name()).build();
    }
}
