package city.urbanops.alerting.notification;

import city.urbanops.alerting.routing.Recipient;
import city.urbanops.alerting.routing.Route;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The notification outbox: groups, their pending alert changes, and the deliveries composed from them. */
@Repository
class OutboxRepository {

    private static final TypeReference<List<Recipient>> RECIPIENTS = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record NotifiedAlert(UUID groupId, String severity, String cause) { }

    Optional<NotifiedAlert> notified(UUID alertId) {
        return jdbc.sql("select group_id, severity, cause from notification_alert where alert_id = ?")
                .param(alertId)
                .query((rs, n) -> new NotifiedAlert(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .optional();
    }

    void rememberAlert(UUID alertId, UUID groupId, String severity, String cause) {
        jdbc.sql("""
                insert into notification_alert (alert_id, group_id, severity, cause) values (?, ?, ?, ?)
                on conflict (alert_id) do update set group_id = excluded.group_id, severity = excluded.severity,
                    cause = excluded.cause""")
                .params(alertId, groupId, severity, cause).update();
    }

    /**
     * The collecting group of the route's group key, created if there is none. The unique partial index makes
     * concurrent transactions (other instances) meet in one group instead of racing to two.
     */
    UUID collectingGroup(Route route, Instant at) {
        // Two tries: the collecting group we waited for may have been closed by the composer meanwhile (it is then
        // no longer collecting), and the second insert opens the next one.
        for (int attempt = 0; attempt < 2; attempt++) {
            jdbc.sql("""
                    insert into notification_group (id, group_key, kind, policy_id, policy_name, recipients,
                        webhook_endpoint_ids, group_wait_ms, collecting, created_at)
                    values (?, ?, 'ROUTE', ?, ?, ?::jsonb, ?::jsonb, ?, true, ?)
                    on conflict (group_key) where collecting do nothing""")
                    .params(UUID.randomUUID(), route.groupKey(), route.policyId(), route.policyName(),
                            json.writeValueAsString(route.recipients()),
                            json.writeValueAsString(route.webhookEndpointIds()), route.groupWait().toMillis(), ts(at))
                    .update();
            Optional<UUID> group = jdbc.sql(
                            "select id from notification_group where group_key = ? and collecting for no key update")
                    .param(route.groupKey()).query(UUID.class).optional();
            if (group.isPresent()) {
                return group.get();
            }
        }
        throw new IllegalStateException("no collecting notification group for " + route.groupKey());
    }

    /** A group composed at once (an escalation): its own recipients, never joined by others. */
    UUID escalationGroup(String groupKey, String policyName, int level, List<Recipient> recipients,
                         List<String> webhookEndpointIds, Instant at) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_group (id, group_key, kind, policy_id, policy_name, escalation_level,
                    recipients, webhook_endpoint_ids, group_wait_ms, collecting, send_after, created_at)
                values (?, ?, 'ESCALATION', ?, ?, ?, ?::jsonb, ?::jsonb, 0, false, ?, ?)""")
                .params(id, groupKey, groupKey, policyName, level, json.writeValueAsString(recipients),
                        json.writeValueAsString(webhookEndpointIds), ts(at), ts(at))
                .update();
        return id;
    }

    /** Queues a change in a group; the group's next revision is due a group-wait after its first pending change. */
    void addItem(UUID groupId, AlertSummary summary) {
        jdbc.sql("""
                insert into notification_item (group_id, alert_id, change_kind, summary, changed_at)
                values (?, ?, ?, ?::jsonb, ?)""")
                .params(groupId, summary.alertId(), summary.change().name(), json.writeValueAsString(summary),
                        ts(summary.changedAt()))
                .update();
        jdbc.sql("""
                update notification_group
                set send_after = coalesce(send_after, ?::timestamptz + group_wait_ms * interval '1 millisecond')
                where id = ?""")
                .params(ts(summary.changedAt()), groupId).update();
    }

    /** Due groups, locked for this transaction; groups another instance is composing are skipped. */
    List<NotificationGroup> lockDueGroups(Instant now, int limit) {
        return jdbc.sql("""
                select id, group_key, kind, policy_id, policy_name, escalation_level, recipients,
                    webhook_endpoint_ids, revision
                from notification_group where send_after <= ? order by send_after limit ?
                for no key update skip locked""")
                .params(ts(now), limit)
                .query((rs, n) -> new NotificationGroup(rs.getObject("id", UUID.class), rs.getString("group_key"),
                        NotificationGroup.Kind.valueOf(rs.getString("kind")), rs.getString("policy_id"),
                        rs.getString("policy_name"), (Integer) rs.getObject("escalation_level"),
                        json.readValue(rs.getString("recipients"), RECIPIENTS),
                        json.readValue(rs.getString("webhook_endpoint_ids"), STRINGS), rs.getInt("revision")))
                .list();
    }

    /** The pending changes of a group, oldest first. */
    List<AlertSummary> pendingItems(UUID groupId) {
        return jdbc.sql("select summary from notification_item where group_id = ? and revision is null order by id")
                .param(groupId)
                .query((rs, n) -> json.readValue(rs.getString(1), AlertSummary.class)).list();
    }

    /** Marks the pending changes as sent in {@code revision} and closes the group to new alerts. */
    void completeRevision(UUID groupId, int revision) {
        jdbc.sql("update notification_item set revision = ? where group_id = ? and revision is null")
                .params(revision, groupId).update();
        jdbc.sql("update notification_group set revision = ?, collecting = false, send_after = null where id = ?")
                .params(revision, groupId).update();
    }

    void insertDelivery(Delivery d, List<UUID> alertIds, Instant now) {
        int inserted = jdbc.sql("""
                insert into notification_delivery (id, group_id, revision, channel, target, recipient, subject, body,
                    message_id, thread_id, state, next_attempt_at, origin_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?) on conflict (id) do nothing""")
                .params(d.id(), d.groupId(), d.revision(), d.channel().name(), d.target(), d.recipient(),
                        d.subject(), d.body(), d.messageId(), d.threadId(), ts(now), ts(d.originAt()), ts(now))
                .update();
        if (inserted == 1) {
            alertIds.stream().distinct().forEach(alertId -> jdbc.sql(
                            "insert into notification_delivery_alert (delivery_id, alert_id) values (?, ?)")
                    .params(d.id(), alertId).update());
        }
    }

    /**
     * Claims due deliveries for this instance: their next attempt moves a lease ahead, so another instance skips
     * them while this one sends, and retries them if this one dies before recording the outcome.
     */
    List<Delivery> claimDue(Instant now, Duration lease, int limit) {
        return jdbc.sql("""
                update notification_delivery set next_attempt_at = ?
                where id in (select id from notification_delivery where state = 'PENDING' and next_attempt_at <= ?
                             order by next_attempt_at limit ? for update skip locked)
                returning id, group_id, revision, channel, target, recipient, subject, body, message_id, thread_id,
                    attempts, origin_at""")
                .params(ts(now.plus(lease)), ts(now), limit)
                .query(OutboxRepository::delivery).list();
    }

    void markSent(String id, int attempts, Instant at) {
        jdbc.sql("""
                update notification_delivery set state = 'SENT', attempts = ?, sent_at = ?, last_error = null
                where id = ? and state = 'PENDING'""")
                .params(attempts, ts(at), id).update();
    }

    void markRetry(String id, int attempts, Instant nextAttemptAt, String error) {
        jdbc.sql("""
                update notification_delivery set attempts = ?, next_attempt_at = ?, last_error = ?
                where id = ? and state = 'PENDING'""")
                .params(attempts, ts(nextAttemptAt), error, id).update();
    }

    void markDead(String id, int attempts, String error) {
        jdbc.sql("update notification_delivery set state = 'DEAD', attempts = ?, last_error = ? where id = ?")
                .params(attempts, error, id).update();
    }

    List<UUID> alertsOf(String deliveryId) {
        return jdbc.sql("select alert_id from notification_delivery_alert where delivery_id = ? order by alert_id")
                .param(deliveryId).query(UUID.class).list();
    }

    List<DeliveryView> deliveriesOfAlert(UUID alertId, int limit) {
        return jdbc.sql("""
                select d.id, d.group_id, d.revision, d.channel, d.target, d.recipient, d.subject, d.state, d.attempts,
                    d.next_attempt_at, d.last_error, d.created_at, d.sent_at
                from notification_delivery d join notification_delivery_alert a on a.delivery_id = d.id
                where a.alert_id = ? order by d.created_at, d.id limit ?""")
                .params(alertId, limit)
                .query((rs, n) -> new DeliveryView(rs.getString("id"), rs.getObject("group_id", UUID.class),
                        rs.getInt("revision"), rs.getString("channel"), rs.getString("target"),
                        rs.getString("recipient"), rs.getString("subject"), rs.getString("state"),
                        rs.getInt("attempts"), instant(rs, "next_attempt_at"), rs.getString("last_error"),
                        instant(rs, "created_at"), instant(rs, "sent_at")))
                .list();
    }

    /** Alert changes not yet composed plus deliveries not yet sent or dead-lettered. */
    long outboxSize() {
        return jdbc.sql("""
                select (select count(*) from notification_item where revision is null)
                     + (select count(*) from notification_delivery where state = 'PENDING')""")
                .query(Long.class).single();
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getString("id"), rs.getObject("group_id", UUID.class), rs.getInt("revision"),
                Delivery.Channel.valueOf(rs.getString("channel")), rs.getString("target"), rs.getString("recipient"),
                rs.getString("subject"), rs.getString("body"), rs.getString("message_id"), rs.getString("thread_id"),
                rs.getInt("attempts"), instant(rs, "origin_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
