package city.urbanops.operatorapi.audit;

import java.time.Instant;

/**
 * The outcome of walking the audit chain: intact, or the first entry where it breaks.
 *
 * @param intact         whether every entry checked holds its hash, links to its predecessor and follows it in seq
 * @param entriesChecked how many entries were read, up to and including the broken one
 * @param firstBreak     the first broken entry, or null when intact
 * @param verifiedAt     when the walk finished
 */
public record ChainVerification(boolean intact, long entriesChecked, Break firstBreak, Instant verifiedAt) {

    /** What is wrong with an entry. */
    public enum Problem {
        /** The entry's content no longer gives its stored hash: a field was changed. */
        CONTENT_CHANGED("content changed"),
        /** The entry's prev_hash is not its predecessor's hash: the predecessor or this link was changed. */
        LINK_BROKEN("link broken"),
        /** Sequence numbers are missing before this entry: entries were removed. */
        ENTRY_MISSING("entry missing");

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

    static ChainVerification intact(long checked, Instant at) {
        return new ChainVerification(true, checked, null, at);
    }

    static ChainVerification broken(long checked, Break first, Instant at) {
        return new ChainVerification(false, checked, first, at);
    }

    /** One line for people: {@code audit log intact: N entries} or where and how it is broken. */
    public String summary() {
        if (intact) {
            return "audit log intact: " + entriesChecked + " entries";
        }
        return "audit log BROKEN at entry #" + firstBreak.seq() + " (" + firstBreak.eventId() + "): "
                + firstBreak.problem().words() + " - " + firstBreak.description();
    }
}
