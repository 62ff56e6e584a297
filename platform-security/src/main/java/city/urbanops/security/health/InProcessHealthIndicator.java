package city.urbanops.security.health;

import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health indicator that only reads this process's own state (a flag, a counter), so it is asked on every request.
 * Every other health indicator is run in the background by {@link BackgroundHealthChecks}, because it may call a
 * remote system.
 */
public interface InProcessHealthIndicator extends HealthIndicator {
}
