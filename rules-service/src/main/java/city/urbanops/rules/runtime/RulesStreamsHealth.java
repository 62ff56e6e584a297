package city.urbanops.rules.runtime;

import org.apache.kafka.streams.KafkaStreams;
import city.urbanops.security.health.InProcessHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code rulesStreams}: UP while the topology runs or rebalances (a partition move is normal work), DOWN while it
 * starts (restoring state), after an error or when stopped. In the readiness group: an instance that cannot
 * evaluate is taken out of service, which for a Kafka Streams application only matters to the probes. It reads the
 * application's state in this process, so it is asked on every probe, never answered from a cache made before start.
 */
final class RulesStreamsHealth implements InProcessHealthIndicator {

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
