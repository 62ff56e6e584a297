package city.urbanops.operatorapi.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the chain verification (on demand and every {@code urbanops.operator.audit.verify-interval}) and keeps the
 * last result for the console and the gauges {@code urbanops.operator.audit.chain.intact} (1 intact, 0 broken, -1 not
 * verified yet), {@code urbanops.operator.audit.chain.entries.checked} and {@code ...chain.verified.at} (epoch s).
 */
@Component
class AuditChainMonitor {

    private static final Logger log = LoggerFactory.getLogger(AuditChainMonitor.class);

    private final AuditChainVerifier verifier;
    private final AuditAnchors anchors;
    private final Clock clock;
    private final AtomicReference<ChainVerification> last = new AtomicReference<>();

    AuditChainMonitor(AuditChainVerifier verifier, AuditAnchors anchors, Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.anchors = anchors;
        this.clock = clock;
        Gauge.builder("urbanops.operator.audit.chain.intact", last,
                        l -> l.get() == null ? -1 : l.get().intact() ? 1 : 0)
                .description("Whether the audit chain held at its last verification (1), broke (0) or was not verified (-1)")
                .register(meters);
        Gauge.builder("urbanops.operator.audit.chain.entries.checked", last,
                        l -> l.get() == null ? 0 : l.get().entriesChecked())
                .description("Entries the last audit chain verification read").register(meters);
        Gauge.builder("urbanops.operator.audit.chain.verified.at", last,
                        l -> l.get() == null ? 0 : l.get().verifiedAt().getEpochSecond())
                .description("When the audit chain was last verified (epoch seconds)").register(meters);
    }

    /** Verifies the whole chain now and remembers the result. */
    ChainVerification verifyNow() {
        AuditChainVerifier.Anchor anchor;
        try {
            anchor = AuditChainVerifier.Anchor.of(anchors.latest());
        } catch (AuditAnchorReader.Unavailable unreadable) {
            log.warn("Audit chain verification without its anchor: {}", unreadable.getMessage());
            anchor = AuditChainVerifier.Anchor.unreadable(unreadable.getMessage());
        }
        ChainVerification result = verifier.verify(anchor);
        last.set(result);
        if (!result.intact()) {
            log.error("Audit chain verification: {}", result.summary());
        }
        return result;
    }

    /** The last result if it is younger than {@code maxAge}, else a verification made now. */
    ChainVerification recent(Duration maxAge) {
        ChainVerification known = last.get();
        if (known != null && known.verifiedAt().plus(maxAge).isAfter(clock.instant())) {
            return known;
        }
        return verifyNow();
    }

    @Scheduled(initialDelayString = "${urbanops.operator.audit.verify-initial-delay:PT1M}",
            fixedDelayString = "${urbanops.operator.audit.verify-interval:PT1H}")
    void verifyOnSchedule() {
        try {
            verifyNow();
        } catch (RuntimeException failure) {
            log.warn("Audit chain verification could not run: {}", failure.toString());
        }
    }
}
