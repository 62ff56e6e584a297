package city.urbanops.operatorapi.audit;

import city.urbanops.events.audit.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log's one writer: appends entries to {@code audit_entry}, each chained to the one before by
 * {@link AuditHashes}. Appends are serialised by a transaction-scoped advisory lock, so two transactions never chain
 * to the same predecessor, and the lock is released only when the entry commits or rolls back.
 */
@Component
class AuditLog implements AuditTrail {

    /** The advisory lock key that serialises appends (any constant no other feature uses). */
    private static final long CHAIN_LOCK = 0x417564697443L;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json;
    private final AuditMetrics metrics;

    AuditLog(JdbcClient jdbc, Clock clock, JsonMapper json, AuditMetrics metrics) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean record(AuditEvent event) {
        lockChain(jdbc);
        boolean copy = jdbc.sql("select exists(select 1 from audit_entry where source = ? and event_id = ?)")
                .param(event.source()).param(event.eventId()).query(Boolean.class).single();
        if (copy) {
            metrics.copy();
            return false;
        }
        Optional<ChainLink> last = jdbc.sql("select seq, hash from audit_entry order by seq desc limit 1")
                .query((rs, n) -> new ChainLink(rs.getLong("seq"), rs.getString("hash"))).optional();
        long seq = last.map(l -> l.seq() + 1).orElse(1L);
        String prevHash = last.map(ChainLink::hash).orElse(AuditHashes.GENESIS);
        var entry = new AuditEntry(seq, event.eventId(), event.source(), micros(event.at()), micros(clock.instant()),
                event.actor(), event.action(), event.targetType(), event.targetId(), event.department(),
                event.district(), event.details(), prevHash, null);
        String hash = AuditHashes.hash(entry);
        jdbc.sql("""
                        insert into audit_entry (seq, event_id, source, at, recorded_at, actor, action, target_type,
                            target_id, department, district, details, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .param(seq).param(entry.eventId()).param(entry.source())
                .param(java.sql.Timestamp.from(entry.at())).param(java.sql.Timestamp.from(entry.recordedAt()))
                .param(entry.actor()).param(entry.action()).param(entry.targetType()).param(entry.targetId())
                .param(entry.department()).param(entry.district()).param(json.writeValueAsString(entry.details()))
                .param(prevHash).param(hash)
                .update();
        metrics.appended(entry.source());
        return true;
    }

    /** Takes the chain's append lock until the calling transaction ends. */
    static void lockChain(JdbcClient jdbc) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleValue();
    }

    // PostgreSQL keeps microseconds: hash what the database will give back.
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private record ChainLink(long seq, String hash) {
    }
}
