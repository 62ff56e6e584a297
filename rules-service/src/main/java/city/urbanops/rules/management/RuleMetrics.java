package city.urbanops.rules.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Rule management's meters, registered once: {@code urbanops.rules.changes{action}}, the enabled rules, and the relay's
 * unsent outbox rows and sent releases. The gauges hold what the relay last counted in the database.
 */
@Component
class RuleMetrics {

    private final Map<RuleAction, Counter> changes = new EnumMap<>(RuleAction.class);
    private final AtomicLong enabledRules = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    private final Counter sent;

    RuleMetrics(MeterRegistry meters) {
        for (var action : RuleAction.values()) {
            changes.put(action, Counter.builder("urbanops.rules.changes").tag("action", action.tag())
                    .description("Committed rule changes, by what they did").register(meters));
        }
        Gauge.builder("urbanops.rules.enabled", enabledRules, AtomicLong::get)
                .description("Rules with a version in force, as last counted").register(meters);
        Gauge.builder("urbanops.rules.relay.unsent", unsent, AtomicLong::get)
                .description("Rule releases committed but not yet on the rules topic, as last counted")
                .register(meters);
        sent = Counter.builder("urbanops.rules.relay.sent")
                .description("Rule releases and tombstones sent to the rules topic").register(meters);
    }

    void changed(RuleAction action) {
        changes.get(action).increment();
    }

    void counted(long enabled, long unsentRows) {
        enabledRules.set(enabled);
        unsent.set(unsentRows);
    }

    void sent(int rows) {
        sent.increment(rows);
    }
}
