package city.urbanops.operatorapi.audit;

import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Walks the whole audit chain in seq order, a bounded batch at a time (the table is never held in memory), and
 * checks each entry: seq follows its predecessor's, prev_hash is its predecessor's stored hash, and its content still
 * gives its hash. Stops at the first entry that fails. Entries appended after the walk began are left for the next
 * walk. A plain class, so the command-line check ({@link AuditChainCheck}) runs it without the application.
 */
public class AuditChainVerifier {

    private final JdbcClient jdbc;
    private final int batchSize;
    private final Clock clock;

    public AuditChainVerifier(JdbcClient jdbc, int batchSize) {
        this(jdbc, batchSize, Clock.systemUTC());
    }

    AuditChainVerifier(JdbcClient jdbc, int batchSize, Clock clock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.jdbc = jdbc;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Verifies the chain as it stands now. */
    public ChainVerification verify() {
        Long last = jdbc.sql("select max(seq) from audit_entry").query(Long.class).optional().orElse(null);
        long checked = 0;
        long expectedSeq = 1;
        String prevHash = AuditHashes.GENESIS;
        long after = Long.MIN_VALUE;
        while (last != null) {
            List<AuditEntry> batch = jdbc.sql("select " + AuditRows.COLUMNS
                            + " from audit_entry where seq > ? and seq <= ? order by seq limit ?")
                    .params(after, last, batchSize).query(AuditRows::entry).list();
            if (batch.isEmpty()) {
                break;
            }
            for (AuditEntry entry : batch) {
                checked++;
                ChainVerification.Break broken = check(entry, expectedSeq, prevHash);
                if (broken != null) {
                    return ChainVerification.broken(checked, broken, clock.instant());
                }
                expectedSeq = entry.seq() + 1;
                prevHash = entry.hash();
            }
            after = batch.getLast().seq();
        }
        return ChainVerification.intact(checked, clock.instant());
    }

    private static ChainVerification.Break check(AuditEntry entry, long expectedSeq, String prevHash) {
        if (entry.seq() > expectedSeq) {
            String missing = entry.seq() - 1 == expectedSeq ? "entry #" + expectedSeq + " is"
                    : "entries #" + expectedSeq + " to #" + (entry.seq() - 1) + " are";
            return new ChainVerification.Break(entry.seq(), entry.eventId(), ChainVerification.Problem.ENTRY_MISSING,
                    missing + " missing before it");
        }
        if (entry.seq() < expectedSeq) {
            return new ChainVerification.Break(entry.seq(), entry.eventId(), ChainVerification.Problem.LINK_BROKEN,
                    "its seq comes before the chain's first entry #1");
        }
        if (!prevHash.equals(entry.prevHash())) {
            return new ChainVerification.Break(entry.seq(), entry.eventId(), ChainVerification.Problem.LINK_BROKEN,
                    expectedSeq == 1 ? "the first entry does not start from the chain's origin"
                            : "its prev_hash is not the hash of entry #" + (entry.seq() - 1));
        }
        if (!AuditHashes.hash(entry).equals(entry.hash())) {
            return new ChainVerification.Break(entry.seq(), entry.eventId(),
                    ChainVerification.Problem.CONTENT_CHANGED, "its content no longer gives its hash");
        }
        return null;
    }
}
