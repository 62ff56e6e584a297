package city.urbanops.rules.dryrun;

import java.time.Duration;

/** A dry run either ran (completely or truncated by a bound) or was refused because the instance was busy. */
public sealed interface DryRunAttempt {

    record Ran(DryRunResult result) implements DryRunAttempt {
    }

    /** As many dry runs as allowed are running; try again after {@code retryAfter}. */
    record Busy(Duration retryAfter) implements DryRunAttempt {
    }
}
