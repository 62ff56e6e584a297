package city.urbanops.alerting.maintenance;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Maintenance window bounds.
 *
 * @param maxDuration the longest window accepted (a forgotten window must not silence a district for a year)
 */
@ConfigurationProperties("urbanops.alerting.maintenance")
public record MaintenanceProperties(Duration maxDuration) {

    public MaintenanceProperties {
        maxDuration = maxDuration == null ? Duration.ofDays(30) : maxDuration;
    }
}
