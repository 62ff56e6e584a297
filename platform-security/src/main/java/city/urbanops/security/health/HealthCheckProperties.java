package city.urbanops.security.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When background health checks run ({@code urbanops.health.*}).
 *
 * @param checkInterval pause between two rounds of checks; a result is at most about this old plus the timeout
 * @param checkTimeout  longest one check may take before it counts as DOWN
 */
@ConfigurationProperties("urbanops.health")
@Validated
public record HealthCheckProperties(
        @DefaultValue("5s") @NotNull Duration checkInterval,
        @DefaultValue("5s") @NotNull Duration checkTimeout) {

    public HealthCheckProperties {
        if (checkInterval != null && (checkInterval.isNegative() || checkInterval.isZero())) {
            throw new IllegalArgumentException("urbanops.health.check-interval must be positive");
        }
        if (checkTimeout != null && (checkTimeout.isNegative() || checkTimeout.isZero())) {
            throw new IllegalArgumentException("urbanops.health.check-timeout must be positive");
        }
    }
}
