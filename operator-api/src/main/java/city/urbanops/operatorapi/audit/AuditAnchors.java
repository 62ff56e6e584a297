package city.urbanops.operatorapi.audit;

import city.urbanops.events.Topics;
import city.urbanops.events.audit.AuditAnchor;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the chain's head to {@code audit.anchors} a few seconds after the log grew: under the chain's append lock
 * (so the head read is the head, and anchors of several instances follow each other in order), waiting for Kafka's
 * acknowledgement. An anchor is never written for a head BEHIND the last anchor known here, nor when the entry that
 * anchor names no longer has its hash: that is the evidence a verification reports, and a new anchor would replace
 * it in the compacted topic.
 */
@Component
class AuditAnchors {

    private static final Logger log = LoggerFactory.getLogger(AuditAnchors.class);
    private static final URI SOURCE = URI.create("urbanops:operator-api");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final AuditAnchorReader reader;
    private final AuditProperties properties;
    private final Clock clock;
    private final EventJson json = new EventJson();
    private final AtomicReference<AuditAnchor> last = new AtomicReference<>();
    private volatile boolean loaded;

    AuditAnchors(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
                 AuditAnchorReader reader, AuditProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.reader = reader;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("urbanops.operator.audit.anchor.seq", last, l -> l.get() == null ? 0 : l.get().seq())
                .description("The audit entry the newest anchor written outside the database names").register(meters);
    }

    /** The newest anchor of this chain in Kafka (the verification's reference). */
    Optional<AuditAnchor> latest() {
        return reader.latest(properties.anchorChain());
    }

    @Scheduled(initialDelayString = "${urbanops.operator.audit.anchor-interval:PT5S}",
            fixedDelayString = "${urbanops.operator.audit.anchor-interval:PT5S}")
    void anchorOnSchedule() {
        try {
            anchor();
        } catch (RuntimeException failure) {
            log.warn("The audit chain's head could not be anchored, trying again: {}", failure.toString());
        }
    }

    /** Anchors the head if it moved on; answers the anchor written, if one was. */
    Optional<AuditAnchor> anchor() {
        if (!loaded) {
            reader.latest(properties.anchorChain()).ifPresent(last::set);
            loaded = true;
        }
        return Optional.ofNullable(transactions.execute(status -> {
            AuditLog.lockChain(jdbc);
            var head = jdbc.sql("select seq, hash from audit_entry order by seq desc limit 1")
                    .query((rs, n) -> new AuditAnchor(properties.anchorChain(), rs.getLong("seq"),
                            rs.getString("hash"), clock.instant())).optional();
            AuditAnchor known = last.get();
            if (head.isEmpty() || (known != null && head.get().seq() == known.seq()
                    && head.get().hash().equals(known.hash()))) {
                return null;
            }
            if (known != null && (head.get().seq() < known.seq() || !known.hash().equals(hashAt(known.seq())))) {
                log.error("The audit log no longer reaches its anchor (entry #{}); no new anchor is written. "
                        + "Verify the chain and follow the runbook.", known.seq());
                return null;
            }
            AuditAnchor anchor = head.get();
            try {
                kafka.send(CloudEventRecords.toRecord(Topics.AUDIT_ANCHORS, anchor.chain(), EventType.AUDIT_ANCHOR,
                                anchor.chain() + ":" + anchor.seq(), SOURCE, anchor.chain(), anchor.at(),
                                json.write(anchor)))
                        .get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while anchoring the audit chain", e);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not take the audit anchor: " + e.getMessage(), e);
            }
            last.set(anchor);
            return anchor;
        }));
    }

    private String hashAt(long seq) {
        return jdbc.sql("select hash from audit_entry where seq = ?").param(seq).query(String.class).optional()
                .orElse(null);
    }
}
