package city.urbanops.operatorapi.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit log's meters: entries appended by source (counted when their transaction commits), copies ignored, and
 * {@code audit.events} records dead-lettered by reason.
 */
@Component
class AuditMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> appended = new ConcurrentHashMap<>();
    private final Counter copies;
    private final Map<AuditDeadLetterReason, Counter> deadLetters = new EnumMap<>(AuditDeadLetterReason.class);

    AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
        copies = Counter.builder("urbanops.operator.audit.copies")
                .description("Audit events ignored because their source and event id are already in the log")
                .register(registry);
        for (AuditDeadLetterReason reason : AuditDeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("urbanops.operator.audit.dead.letters")
                    .description("audit.events records sent to operator.dead-letter instead of being appended")
                    .tag("reason", reason.name()).register(registry));
        }
    }

    void appended(String source) {
        Counter counter = appended.computeIfAbsent(source, s -> Counter.builder("urbanops.operator.audit.appended")
                .description("Entries chained into the audit log").tag("source", s).register(registry));
        afterCommit(counter::increment);
    }

    void copy() {
        afterCommit(copies::increment);
    }

    void deadLettered(AuditDeadLetterReason reason) {
        deadLetters.get(reason).increment();
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
