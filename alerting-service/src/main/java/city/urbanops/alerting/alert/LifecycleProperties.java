package city.urbanops.alerting.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How alerts live ({@code urbanops.alerting.lifecycle.*}).
 *
 * @param flapWindow              a condition raised again this soon after its alert was resolved re-opens that alert
 * @param conflictRetries         how often an event is applied again after losing a race for the same condition key
 * @param processedEventRetention how long applied event ids are kept to recognise copies; longer than the alerts
 *                                topic's retention (30 days), after which no copy can arrive
 * @param pruneInterval           how often expired event ids are removed
 */
@ConfigurationProperties("urbanops.alerting.lifecycle")
public record LifecycleProperties(
        @DefaultValue("15m") Duration flapWindow,
        @DefaultValue("5") int conflictRetries,
        @DefaultValue("35d") Duration processedEventRetention,
        @DefaultValue("1h") Duration pruneInterval) {

    public LifecycleProperties {
        if (flapWindow.isNegative()) {
            throw new IllegalArgumentException("urbanops.alerting.lifecycle.flap-window must not be negative");
        }
        if (conflictRetries < 1 || conflictRetries > 100) {
            throw new IllegalArgumentException("urbanops.alerting.lifecycle.conflict-retries must be 1..100");
        }
        if (processedEventRetention.compareTo(Duration.ofDays(31)) < 0) {
            throw new IllegalArgumentException("urbanops.alerting.lifecycle.processed-event-retention must outlast "
                    + "the alerts topic's 30 days");
        }
    }
}
