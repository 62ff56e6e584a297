package city.urbanops.events.audit;

import java.time.Instant;

/**
 * The head of operator-api's audit chain, written outside its database: on {@code audit.anchors} (compacted) keyed by
 * {@code chain}, the newest anchor per chain kept. A verification of the chain compares the database with it, so
 * entries removed from the END of the log (which leave an intact chain behind) are found, and so is a chain rewritten
 * from an earlier entry on. Schema: {@code schemas/v1/audit-anchor.json}.
 *
 * @param chain   which chain ({@code operator-api}: there is one)
 * @param seq     the sequence number of the newest entry when the anchor was written
 * @param hash    that entry's hash (64 lower-case hex digits)
 * @param at      when the anchor was written
 */
public record AuditAnchor(String chain, long seq, String hash, Instant at) {
}
