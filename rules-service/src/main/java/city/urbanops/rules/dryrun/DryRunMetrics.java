package city.urbanops.rules.dryrun;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The dry run's meters, registered once: {@code urbanops.rules.dry-runs{outcome}}, the duration of the replays
 * ({@code urbanops.rules.dry-run.duration}) and the records each read ({@code urbanops.rules.dry-run.records-scanned}).
 */
final class DryRunMetrics {

    /** How a dry run ended; each owns its tag value. */
    enum Outcome {
        /** Replayed the whole range. */
        COMPLETED,
        /** Stopped by a bound (records or time) and returned what it had. */
        TRUNCATED,
        /** Refused: as many dry runs as allowed were running. */
        BUSY,
        /** Kafka could not be read, or the replay failed. */
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Timer duration;
    private final DistributionSummary recordsScanned;

    DryRunMetrics(MeterRegistry meters) {
        for (var outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("urbanops.rules.dry-runs").tag("outcome", outcome.tag())
                    .description("dry runs of rule versions over recorded history, by how they ended")
                    .register(meters));
        }
        duration = Timer.builder("urbanops.rules.dry-run.duration")
                .description("how long a dry run took, from the first read to the result").register(meters);
        recordsScanned = DistributionSummary.builder("urbanops.rules.dry-run.records-scanned")
                .description("history records one dry run read from Kafka").baseUnit("records").register(meters);
    }

    void ran(Outcome outcome, Duration took, long scanned) {
        outcomes.get(outcome).increment();
        duration.record(took);
        recordsScanned.record(scanned);
    }

    void refused(Outcome outcome) {
        outcomes.get(outcome).increment();
    }
}
