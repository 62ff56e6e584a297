package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The alert lifecycle's meters, registered once: opened, re-opened and deduplicated alerts, time to acknowledge and
 * to resolve by severity, events skipped as copies or stale, dead letters by reason, and the lifecycle outbox's size.
 * What a transaction stored is counted when it commits, never for a rolled-back attempt.
 */
@Component
class AlertMetrics {

    private final Counter opened;
    private final Counter reopened;
    private final Counter deduplicated;
    private final Counter duplicates;
    private final Map<Severity, Timer> toAcknowledge = new EnumMap<>(Severity.class);
    private final Map<Severity, Timer> toResolve = new EnumMap<>(Severity.class);
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final AtomicLong outboxSize = new AtomicLong();
    private final MeterRegistry registry;

    AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        opened = Counter.builder("urbanops.alerting.alerts.opened").description("Alerts opened for a condition key")
                .register(registry);
        reopened = Counter.builder("urbanops.alerting.alerts.reopened")
                .description("Resolved alerts re-opened by a raise within the flap window").register(registry);
        deduplicated = Counter.builder("urbanops.alerting.alerts.deduplicated")
                .description("Repeated raises of a condition key that updated its open alert instead of a new one")
                .register(registry);
        duplicates = Counter.builder("urbanops.alerting.events.duplicates")
                .description("Alert events skipped because their event id was applied before").register(registry);
        for (Severity severity : Severity.values()) {
            toAcknowledge.put(severity, Timer.builder("urbanops.alerting.alerts.time.to.acknowledge")
                    .description("From an alert opening (or re-opening) to its acknowledgement")
                    .tag("severity", severity.name()).publishPercentileHistogram().register(registry));
            toResolve.put(severity, Timer.builder("urbanops.alerting.alerts.time.to.resolve")
                    .description("From an alert opening (or re-opening) to its resolution")
                    .tag("severity", severity.name()).publishPercentileHistogram().register(registry));
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("urbanops.alerting.events.dead.letters")
                    .description("Alert events sent to alerting.dead-letter instead of being applied")
                    .tag("reason", reason.name()).register(registry));
        }
        registry.gauge("urbanops.alerting.lifecycle.outbox.size", outboxSize);
    }

    void opened() {
        afterCommit(opened::increment);
    }

    void reopened() {
        afterCommit(reopened::increment);
    }

    void deduplicated() {
        afterCommit(deduplicated::increment);
    }

    void duplicate() {
        afterCommit(duplicates::increment);
    }

    void ignored(String reason) {
        Counter counter = ignored.computeIfAbsent(reason, r -> Counter.builder("urbanops.alerting.events.ignored")
                .description("Alert events that changed nothing (stale, for a resolved or another occurrence)")
                .tag("reason", r).register(registry));
        afterCommit(counter::increment);
    }

    void acknowledged(Severity severity, Duration open) {
        afterCommit(() -> toAcknowledge.get(severity).record(positive(open)));
    }

    void resolved(Severity severity, Duration open) {
        afterCommit(() -> toResolve.get(severity).record(positive(open)));
    }

    void deadLettered(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    void outboxSize(long size) {
        outboxSize.set(size);
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }
}
