package city.urbanops.alerting.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps notification's tables bounded, in batches of {@code prune-batch-size} rows per transaction, each kind going
 * on while rows remain and the run's {@code prune-time-budget} lasts (the rest waits for the next run):
 * <ul>
 * <li>deliveries that ended (sent or dead-lettered) longer than {@code retention} ago, with their alert links;
 * pending deliveries are never removed, whatever their age;</li>
 * <li>notification groups older than {@code retention} that are closed (not collecting, nothing due, no pending
 * alert change), whose deliveries all ended longer than {@code retention} ago, and that no alert still open or
 * acknowledged was last notified in (a later change of that alert is added to its group as an update): the group
 * with its alert changes and deliveries; resolved alerts last notified in it forget it, so a re-opening starts a new
 * group;</li>
 * <li>the digests of used acknowledge links older than {@code link-ttl} (such a link has expired anyway, so it is
 * refused as expired instead of as used).</li>
 * </ul>
 * The alert timeline (which says what was sent to whom) is the alert's history and is not touched. A later update of
 * a group does not need its earlier deliveries: ids and email threads are derived from the group and its revision.
 */
@Component
class NotificationPruning {

    private static final Logger log = LoggerFactory.getLogger(NotificationPruning.class);

    private final JdbcClient jdbc;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final NotificationMetrics metrics;

    NotificationPruning(JdbcClient jdbc, NotificationProperties properties, Clock clock,
                        TransactionTemplate transactions, NotificationMetrics metrics) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
        this.metrics = metrics;
    }

    @Scheduled(fixedDelayString = "${urbanops.alerting.notification.prune-interval:1h}", initialDelayString = "2m")
    void prune() {
        Instant now = clock.instant();
        long deadline = System.nanoTime() + properties.pruneTimeBudget().toNanos();
        Timestamp before = Timestamp.from(now.minus(properties.retention()));
        int batch = properties.pruneBatchSize();
        int deliveries = inBatches(deadline, () -> deleted(jdbc.sql("""
                delete from notification_delivery where id in (
                    select id from notification_delivery
                    where state <> 'PENDING' and created_at < ? order by created_at limit ?)
                """).params(before, batch).update()));
        metrics.pruned("delivery", deliveries);
        int groups = inBatches(deadline, () -> pruneGroups(before, batch));
        metrics.pruned("group", groups);
        int tokens = inBatches(deadline, () -> deleted(jdbc.sql("""
                delete from ack_token_used where token_digest in (
                    select token_digest from ack_token_used where used_at < ? order by used_at limit ?)
                """).params(Timestamp.from(now.minus(properties.linkTtl())), batch).update()));
        if (deliveries + groups + tokens > 0) {
            log.info("Pruned {} finished deliveries and {} finished notification groups older than {}, and {} used "
                    + "acknowledge links", deliveries, groups, properties.retention(), tokens);
        }
    }

    /** What one batch did: rows removed, and whether it was full (more may remain). */
    private record Batch(int removed, boolean full) { }

    /**
     * One batch of groups, in one transaction. The alerts last notified in the candidates are locked first (an alert
     * change holds its alert's row while it adds to the alert's group, so a change under way is waited for and a
     * later one waits for this), then the candidates are deleted only if they still qualify.
     */
    private Batch pruneGroups(Timestamp before, int batch) {
        return transactions.execute(tx -> {
            List<UUID> candidates = jdbc.sql(REMOVABLE_GROUPS + " order by g.created_at limit ?")
                    .params(before, before, batch).query(UUID.class).list();
            if (candidates.isEmpty()) {
                return new Batch(0, false);
            }
            String[] ids = candidates.stream().map(UUID::toString).toArray(String[]::new);
            jdbc.sql("""
                    select a.id from alert a join notification_alert n on n.alert_id = a.id
                    where n.group_id = any(?::uuid[]) order by a.id for share of a""").param(ids).query(UUID.class).list();
            List<UUID> removable = jdbc.sql(REMOVABLE_GROUPS + " and g.id = any(?::uuid[]) for update of g skip locked")
                    .params(before, before, ids).query(UUID.class).list();
            if (!removable.isEmpty()) {
                String[] gone = removable.stream().map(UUID::toString).toArray(String[]::new);
                jdbc.sql("delete from notification_alert where group_id = any(?::uuid[])").param(gone).update();
                jdbc.sql("delete from notification_group where id = any(?::uuid[])").param(gone).update();
            }
            return new Batch(removable.size(), candidates.size() == batch);
        });
    }

    /** Groups past the retention that nothing needs any more (parameters: the retention's start, twice). */
    private static final String REMOVABLE_GROUPS = """
            select g.id from notification_group g
            where not g.collecting and g.send_after is null and g.created_at < ?
              and not exists (select 1 from notification_item i where i.group_id = g.id and i.revision is null)
              and not exists (select 1 from notification_delivery d where d.group_id = g.id
                              and (d.state = 'PENDING' or d.created_at >= ?))
              and not exists (select 1 from notification_alert n join alert a on a.id = n.alert_id
                              where n.group_id = g.id and a.status <> 'RESOLVED')""";

    /** Runs batches while the last was full and time remains. */
    private int inBatches(long deadline, Supplier<Batch> batch) {
        int total = 0;
        Batch last;
        do {
            last = batch.get();
            total += last.removed();
        } while (last.full() && System.nanoTime() < deadline);
        return total;
    }

    private Batch deleted(int rows) {
        return new Batch(rows, rows == properties.pruneBatchSize());
    }
}
