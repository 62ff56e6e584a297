package city.urbanops.operatorapi.audit;

import java.time.Instant;

/**
 * The outcome of walking the audit chain: intact, or the first entry where it breaks.
 *
 * @param intact         whether every entry checked holds its hash, links to its predecessor and follows it in seq
 * @param entriesChecked how many entries were read, up to and including the broken one
 * @param firstBreak     the first broken entry, or null when intact
 * @param verifiedAt     when the walk finished
 * @param anchor         what the anchor outside the database said, in words: the entry it names, none written yet,
 *                       or why it could not be read (then only the chain itself was checked)
 */
public record ChainVerification(boolean intact, long entriesChecked, Break firstBreak, Instant verifiedAt,
                                String anchor) {

    /** What is wrong with an entry. */
    public enum Problem {
        /** The entry's content no longer gives its stored hash: a field was changed. */
        CONTENT_CHANGED("content changed"),
        /** The entry's prev_hash is not its predecessor's hash: the predecessor or this link was changed. */
        LINK_BROKEN("link broken"),
        /** Sequence numbers are missing before this entry: entries were removed. */
        ENTRY_MISSING("entry missing"),
        /** The chain ends before the entry its anchor (outside the database) names: the newest entries were removed. */
        NEWEST_ENTRIES_REMOVED("newest entries removed"),
        /** The entry the anchor names has another hash now: the chain was rewritten from there or before. */
        ANCHOR_MISMATCH("differs from its anchor");

        private final String words;

        Problem(String words) {
            this.words = words;
        }

        /** The problem in words, for people. */
        public String words() {
            return words;
        }
    }

    /**
     * The first entry at which the chain does not hold.
     *
     * @param seq         its sequence number
     * @param eventId     its event id
     * @param problem     what is wrong
     * @param description what is wrong, in a sentence
     */
    public record Break(long seq, String eventId, Problem problem, String description) {
    }

    static ChainVerification intact(long checked, Instant at, String anchor) {
        return new ChainVerification(true, checked, null, at, anchor);
    }

    static ChainVerification broken(long checked, Break first, Instant at, String anchor) {
        return new ChainVerification(false, checked, first, at, anchor);
    }

    /** One line for people: {@code audit log intact: N entries} or where and how it is broken. */
    public String summary() {
        if (intact) {
            return "audit log intact: " + entriesChecked + " entries" + (anchor == null ? "" : "; " + anchor);
        }
        return "audit log BROKEN at entry #" + firstBreak.seq()
                + (firstBreak.eventId() == null ? "" : " (" + firstBreak.eventId() + ")") + ": "
                + firstBreak.problem().words() + " - " + firstBreak.description();
    }
}
