package city.urbanops.operatorapi.audit;

import city.urbanops.events.audit.AuditAnchor;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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

    /** Verifies the chain as it stands now, without an anchor. */
    public ChainVerification verify() {
        return verify(Anchor.NOT_READ);
    }

    /** What is known of the anchor outside the database: the newest one, none yet, or that it could not be read. */
    public record Anchor(AuditAnchor anchor, String unreadable) {
        static final Anchor NOT_READ = new Anchor(null, "the anchor was not read");

        public static Anchor of(Optional<AuditAnchor> anchor) {
            return new Anchor(anchor.orElse(null), null);
        }

        public static Anchor unreadable(String why) {
            return new Anchor(null, why);
        }

        String words() {
            if (anchor != null) {
                return "anchored at entry #" + anchor.seq() + " (" + anchor.at() + ")";
            }
            return unreadable != null ? "NOT compared with its anchor: " + unreadable : "no anchor written yet";
        }
    }

    /**
     * Verifies the chain as it stands now and, when there is an anchor, that the chain still reaches the entry it
     * names with the hash it names.
     */
    public ChainVerification verify(Anchor anchor) {
        String words = anchor.words();
        AuditAnchor reference = anchor.anchor();
        Long last = jdbc.sql("select max(seq) from audit_entry").query(Long.class).optional().orElse(null);
        long checked = 0;
        long expectedSeq = 1;
        String prevHash = AuditHashes.GENESIS;
        long after = Long.MIN_VALUE;
        String anchoredHash = null;
        String anchoredEventId = null;
        long lastSeq = 0;
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
                    return ChainVerification.broken(checked, broken, clock.instant(), words);
                }
                if (reference != null && entry.seq() == reference.seq()) {
                    anchoredHash = entry.hash();
                    anchoredEventId = entry.eventId();
                }
                lastSeq = entry.seq();
                expectedSeq = entry.seq() + 1;
                prevHash = entry.hash();
            }
            after = batch.getLast().seq();
        }
        if (reference != null && lastSeq < reference.seq()) {
            String missing = lastSeq + 1 == reference.seq() ? "entry #" + reference.seq() + " is"
                    : "entries #" + (lastSeq + 1) + " to #" + reference.seq() + " are";
            return ChainVerification.broken(checked, new ChainVerification.Break(reference.seq(), null,
                    ChainVerification.Problem.NEWEST_ENTRIES_REMOVED, missing + " missing at the end of the log: "
                    + "the anchor written at " + reference.at() + " outside the database names entry #"
                    + reference.seq()), clock.instant(), words);
        }
        if (reference != null && !reference.hash().equals(anchoredHash)) {
            return ChainVerification.broken(checked, new ChainVerification.Break(reference.seq(), anchoredEventId,
                    ChainVerification.Problem.ANCHOR_MISMATCH, "its hash is not the one the anchor written at "
                    + reference.at() + " outside the database names: the chain was rewritten from here or before"),
                    clock.instant(), words);
        }
        return ChainVerification.intact(checked, clock.instant(), words);
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
