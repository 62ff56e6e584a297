package city.urbanops.rules.runtime;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.rules.topology.RulesMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live topology's figures: readings evaluated (rate per second in Prometheus), readings ignored, unusable
 * measurements, undecodable records, alert transitions by cause, severity and transition, evaluation latency (from a
 * reading's receipt on Kafka to its alert leaving triage), suppressed conditions. Consumer lag comes with Kafka Streams' own
 * client metrics ({@code kafka.consumer.fetch.manager.records.lag.max}).
 */
final class MicrometerRulesMetrics implements RulesMetrics {

    private final MeterRegistry registry;
    private final Counter evaluated;
    private final Counter quarantined;
    private final Counter undecodable;
    private final Counter suppressed;
    private final Timer latency;
    private final Map<String, Counter> unusable = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();

    MicrometerRulesMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.evaluated = Counter.builder("urbanops.rules.readings").tag("outcome", "evaluated")
                .description("Readings the device stage evaluated").register(registry);
        this.quarantined = Counter.builder("urbanops.rules.readings").tag("outcome", "quarantined")
                .description("Readings of quarantined devices, left out of evaluation").register(registry);
        this.undecodable = Counter.builder("urbanops.rules.undecodable")
                .description("Input records that were not events, sent to rules.dead-letter").register(registry);
        this.suppressed = Counter.builder("urbanops.rules.suppressed")
                .description("Conditions not raised because a network fault explains them").register(registry);
        this.latency = Timer.builder("urbanops.rules.evaluation.latency")
                .description("From a reading's record on Kafka to the alert it caused leaving triage")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public void readingEvaluated(boolean wasQuarantined) {
        (wasQuarantined ? quarantined : evaluated).increment();
    }

    @Override
    public void readingIgnored(String reason) {
        // unknown-device or not-after-last: the device stage's fixed vocabulary, so the tag stays bounded.
        ignored.computeIfAbsent(reason, tag -> Counter.builder("urbanops.rules.readings.ignored")
                .description("Readings the device stage left alone: unknown device, re-delivered or out of order")
                .tag("reason", tag).register(registry)).increment();
    }

    @Override
    public void measurementUnusable(String reason) {
        // Reasons are a small fixed vocabulary chosen by the device stage, so the tag stays bounded.
        unusable.computeIfAbsent(reason, tag -> Counter.builder("urbanops.rules.measurements.unusable")
                .tag("reason", tag).register(registry)).increment();
    }

    @Override
    public void undecodable() {
        undecodable.increment();
    }

    @Override
    public void alertEmitted(AlertEvent alert, long latencyMillis) {
        var key = alert.cause() + "/" + alert.severity() + "/" + alert.transition();
        alerts.computeIfAbsent(key, ignored -> Counter.builder("urbanops.rules.alerts")
                .tag("cause", alert.cause().name()).tag("severity", alert.severity().name())
                .tag("transition", alert.transition().name()).register(registry)).increment();
        if (latencyMillis >= 0) {
            latency.record(Duration.ofMillis(latencyMillis));
        }
    }

    @Override
    public void suppressed() {
        suppressed.increment();
    }
}
