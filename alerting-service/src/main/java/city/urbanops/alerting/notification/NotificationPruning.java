package city.urbanops.alerting.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps notification's tables bounded: removes deliveries that ended (sent or dead-lettered) longer than
 * {@code retention} ago, with their alert links, and the digests of used acknowledge links older than
 * {@code link-ttl} (such a link has expired anyway, so it is refused as expired instead of as used). Pending
 * deliveries are never removed, whatever their age. A later update of a group does not need its earlier deliveries:
 * ids and email threads are derived from the group and its revision.
 */
@Component
class NotificationPruning {

    private static final Logger log = LoggerFactory.getLogger(NotificationPruning.class);
    /** Rows removed per transaction: short transactions, no long locks, no WAL burst. */
    static final int ROUND = 5_000;

    private final JdbcClient jdbc;
    private final NotificationProperties properties;
    private final Clock clock;

    NotificationPruning(JdbcClient jdbc, NotificationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${urbanops.alerting.notification.prune-interval:1h}", initialDelayString = "2m")
    void prune() {
        Instant now = clock.instant();
        int deliveries = inRounds("""
                delete from notification_delivery where id in (
                    select id from notification_delivery
                    where state <> 'PENDING' and created_at < ? order by created_at limit ?)
                """, now.minus(properties.retention()));
        int tokens = inRounds("""
                delete from ack_token_used where token_digest in (
                    select token_digest from ack_token_used where used_at < ? order by used_at limit ?)
                """, now.minus(properties.linkTtl()));
        if (deliveries + tokens > 0) {
            log.info("Pruned {} finished deliveries older than {} and {} used acknowledge links", deliveries,
                    properties.retention(), tokens);
        }
    }

    private int inRounds(String sql, Instant before) {
        int total = 0;
        int round;
        do {
            round = jdbc.sql(sql).param(Timestamp.from(before)).param(ROUND).update();
            total += round;
        } while (round == ROUND);
        return total;
    }
}
