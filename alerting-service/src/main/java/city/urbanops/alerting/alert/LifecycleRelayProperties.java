package city.urbanops.alerting.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the lifecycle outbox reaches {@code alerts.lifecycle} ({@code urbanops.alerting.lifecycle-events.*}).
 *
 * @param pollInterval pause between two looks at the outbox when the last one found nothing to send
 * @param batchSize    most events sent (and awaited) per round
 * @param sendTimeout  longest wait for Kafka to acknowledge a round; the round is sent again later otherwise
 */
@ConfigurationProperties("urbanops.alerting.lifecycle-events")
public record LifecycleRelayProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("30s") Duration sendTimeout) {

    public LifecycleRelayProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("urbanops.alerting.lifecycle-events.batch-size must be 1..10000");
        }
    }
}
