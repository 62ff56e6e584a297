package city.urbanops.alerting.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit outbox reaches {@code audit.events} ({@code urbanops.alerting.audit.*}).
 *
 * @param pollInterval pause between two looks at the outbox
 * @param batchSize    most events sent (and awaited) per round
 * @param sendTimeout  longest wait for Kafka to acknowledge a round; its events are sent again later otherwise
 * @param retention    how long sent events stay in the outbox before they are removed
 */
@ConfigurationProperties("urbanops.alerting.audit")
public record AuditRelayProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("7d") Duration retention) {

    public AuditRelayProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("urbanops.alerting.audit.batch-size must be 1..10000");
        }
    }
}
