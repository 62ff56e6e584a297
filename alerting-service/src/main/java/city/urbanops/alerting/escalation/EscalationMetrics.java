package city.urbanops.alerting.escalation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Escalations by level, and timers whose firing failed. */
@Component
class EscalationMetrics {

    private final MeterRegistry meters;
    private final Map<Integer, Counter> byLevel = new ConcurrentHashMap<>();
    private final Counter failures;

    EscalationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.failures = Counter.builder("urbanops.alerting.escalation.failures")
                .description("Escalation timers whose firing failed and were postponed").register(meters);
    }

    void escalated(int level) {
        // Levels are bounded by urbanops.alerting.routing.max-levels, so the meters are few and registered once each.
        byLevel.computeIfAbsent(level, l -> Counter.builder("urbanops.alerting.escalations")
                .description("Escalation levels notified because nobody acknowledged in time")
                .tag("level", Integer.toString(l)).register(meters)).increment();
    }

    void failed() {
        failures.increment();
    }
}
