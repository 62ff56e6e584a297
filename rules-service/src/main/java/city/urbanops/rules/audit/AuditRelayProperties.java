package city.urbanops.rules.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit outbox reaches {@code audit.events} ({@code urbanops.rules.audit.*}).
 *
 * @param pollInterval longest pause between two looks at the outbox (a committed change looks at once)
 * @param batchSize    most events sent (and awaited) per round
 * @param kafkaTimeout longest wait for Kafka to take and acknowledge a round; its events are sent again otherwise
 * @param retention    how long sent events stay in the outbox before they are removed
 */
@ConfigurationProperties("urbanops.rules.audit")
public record AuditRelayProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("10s") Duration kafkaTimeout,
        @DefaultValue("7d") Duration retention) {

    public AuditRelayProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("urbanops.rules.audit.batch-size must be 1..10000");
        }
    }
}
