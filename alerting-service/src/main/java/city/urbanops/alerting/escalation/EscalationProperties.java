package city.urbanops.alerting.escalation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Escalation timer settings.
 *
 * @param enabled      whether this instance fires due timers (timers are written either way)
 * @param pollInterval how often due timers are looked for: an escalation fires at most this late
 * @param batchSize    timers fired per poll at most; the rest wait for the next poll
 */
@ConfigurationProperties("urbanops.alerting.escalation")
public record EscalationProperties(Boolean enabled, Duration pollInterval, Integer batchSize) {

    public EscalationProperties {
        enabled = enabled == null || enabled;
        pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
        batchSize = batchSize == null ? 100 : batchSize;
        if (pollInterval.isNegative() || pollInterval.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("urbanops.alerting.escalation: poll-interval and batch-size must be positive");
        }
    }
}
