package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.events.alert.AlertEvent.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What notification keeps and for how long, on the real database. */
class NotificationPruningIT extends NotificationIT {

    @Autowired
    private NotificationPruning pruning;
    @Autowired
    private OutboxRepository outbox;
    @Autowired
    private MeterRegistry meters;

    @Test
    void finishedDeliveriesGoAfterTheRetentionPendingOnesNeverAndUsedLinksAfterTheirLifetime() {
        Instant now = clock.instant();
        UUID group = group(now.minus(Duration.ofDays(200)));
        String oldSent = delivery(group, 1, "SENT", now.minus(Duration.ofDays(31)));
        String oldDead = delivery(group, 2, "DEAD", now.minus(Duration.ofDays(120)));
        String oldPending = delivery(group, 3, "PENDING", now.minus(Duration.ofDays(150)));
        String recentSent = delivery(group, 4, "SENT", now.minus(Duration.ofDays(29)));
        String oldToken = token(now.minus(Duration.ofHours(25)));
        String recentToken = token(now.minus(Duration.ofHours(23)));

        pruning.prune();

        assertThat(deliveriesOf(group)).as("kept: what is still pending, and what ended within 30 days")
                .containsExactlyInAnyOrder(oldPending, recentSent).doesNotContain(oldSent, oldDead);
        assertThat(jdbc.sql("select count(*) from notification_delivery_alert where delivery_id in (?, ?)")
                .param(oldSent).param(oldDead).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select token_digest from ack_token_used where token_digest in (?, ?)")
                .param(oldToken).param(recentToken).query(String.class).list()).containsExactly(recentToken);
    }

    @Test
    void finishedGroupsPastTheRetentionGoWithTheirDeliveriesButNothingAnOpenAlertOrAPendingSendNeeds() {
        Instant now = clock.instant();
        Instant old = now.minus(Duration.ofDays(40));
        double prunedBefore = prunedGroups();
        Alert resolved = clear(open(newDistrict("prune"), "Resolved long ago", Severity.MAJOR), 1);
        Alert stillOpen = open(newDistrict("prune"), "Still open", Severity.MAJOR);
        int timelineOfResolved = timelineOf(resolved.id()).size();

        // Five finished groups (more than a batch of two: the run goes on while batches are full).
        UUID ofResolved = group(old, false, null);
        delivery(ofResolved, 1, "SENT", old, resolved.id());
        item(ofResolved, resolved.id(), 1);
        notifiedIn(resolved, ofResolved);
        List<UUID> finished = new java.util.ArrayList<>(List.of(ofResolved));
        for (int i = 0; i < 4; i++) {
            UUID g = group(old.minusSeconds(i), false, null);
            delivery(g, 1, i % 2 == 0 ? "SENT" : "DEAD", old, UUID.randomUUID());
            finished.add(g);
        }
        UUID ofOpenAlert = group(old, false, null);
        delivery(ofOpenAlert, 1, "SENT", old, stillOpen.id());
        notifiedIn(stillOpen, ofOpenAlert);
        UUID collecting = group(old, true, null);
        UUID due = group(old, false, now.plus(Duration.ofHours(1)));
        UUID pendingSend = group(old, false, null);
        delivery(pendingSend, 1, "SENT", old, UUID.randomUUID());
        delivery(pendingSend, 2, "PENDING", old, UUID.randomUUID());
        UUID recentlyUpdated = group(old, false, null);
        delivery(recentlyUpdated, 1, "SENT", old, UUID.randomUUID());
        delivery(recentlyUpdated, 2, "SENT", now.minus(Duration.ofDays(2)), UUID.randomUUID());
        UUID young = group(now.minus(Duration.ofDays(29)), false, null);
        delivery(young, 1, "SENT", now.minus(Duration.ofDays(29)), UUID.randomUUID());

        pruning.prune();

        assertThat(groupsAmong(finished)).as("finished groups past the retention").isEmpty();
        assertThat(jdbc.sql("select count(*) from notification_delivery where group_id = any(?::uuid[])")
                .param(ids(finished)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from notification_item where group_id = ?").param(ofResolved)
                .query(Long.class).single()).isZero();
        assertThat(groupsAmong(List.of(ofOpenAlert, collecting, due, pendingSend, recentlyUpdated, young)))
                .as("kept: an open alert's group, a collecting one, a due one, one with a pending delivery, one "
                        + "updated within the retention, a young one")
                .containsExactlyInAnyOrder(ofOpenAlert, collecting, due, pendingSend, recentlyUpdated, young);
        assertThat(outbox.notified(resolved.id())).as("the resolved alert forgot the pruned group").isEmpty();
        assertThat(outbox.notified(stillOpen.id())).map(OutboxRepository.NotifiedAlert::groupId)
                .hasValue(ofOpenAlert);
        assertThat(timelineOf(resolved.id())).as("the timeline is the alert's history, never pruned")
                .hasSize(timelineOfResolved);
        assertThat(prunedGroups() - prunedBefore).isGreaterThanOrEqualTo(finished.size());

        // The open alert's next notable change still finds its group.
        raise(stillOpen, Severity.CRITICAL, 1);
        assertThat(jdbc.sql("select count(*) from notification_item where group_id = ? and alert_id = ?")
                .params(ofOpenAlert, stillOpen.id()).query(Long.class).single()).isEqualTo(1);
    }

    private double prunedGroups() {
        return meters.get("urbanops.alerting.notifications.pruned").tag("kind", "group").counter().count();
    }

    private List<UUID> groupsAmong(List<UUID> groups) {
        return jdbc.sql("select id from notification_group where id = any(?::uuid[])").param(ids(groups))
                .query(UUID.class).list();
    }

    private static String[] ids(List<UUID> groups) {
        return groups.stream().map(UUID::toString).toArray(String[]::new);
    }

    private void notifiedIn(Alert alert, UUID group) {
        outbox.rememberAlert(alert.id(), group, alert.severity().name(), alert.cause().name());
    }

    private void item(UUID group, UUID alertId, int revision) {
        jdbc.sql("""
                insert into notification_item (group_id, alert_id, change_kind, summary, changed_at, revision)
                values (?, ?, 'OPENED', '{}'::jsonb, ?, ?)""")
                .params(group, alertId, Timestamp.from(clock.instant()), revision).update();
    }

    private UUID group(Instant createdAt) {
        return group(createdAt, false, null);
    }

    private UUID group(Instant createdAt, boolean collecting, Instant sendAfter) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_group (id, group_key, kind, policy_id, policy_name, recipients,
                    webhook_endpoint_ids, group_wait_ms, collecting, send_after, revision, created_at)
                values (?, ?, 'ROUTE', 'pruning-policy', 'Pruning', '[]'::jsonb, '[]'::jsonb, 0, ?, ?, 4, ?)
                """).param(id).param("pruning:" + id).param(collecting)
                .param(sendAfter == null ? null : Timestamp.from(sendAfter)).param(Timestamp.from(createdAt)).update();
        return id;
    }

    private String delivery(UUID group, int revision, String state, Instant createdAt) {
        return delivery(group, revision, state, createdAt, UUID.randomUUID());
    }

    private String delivery(UUID group, int revision, String state, Instant createdAt, UUID alertId) {
        String id = group + "." + revision + ".webhook.pruning";
        jdbc.sql("""
                insert into notification_delivery (id, group_id, revision, channel, target, subject, body, state,
                    next_attempt_at, origin_at, created_at, sent_at)
                values (?, ?, ?, 'WEBHOOK', 'pruning', 'subject', 'body', ?, ?, ?, ?, ?)
                """).param(id).param(group).param(revision).param(state).param(Timestamp.from(createdAt))
                .param(Timestamp.from(createdAt)).param(Timestamp.from(createdAt))
                .param(state.equals("SENT") ? Timestamp.from(createdAt) : null).update();
        jdbc.sql("insert into notification_delivery_alert (delivery_id, alert_id) values (?, ?)").param(id)
                .param(alertId).update();
        return id;
    }

    private String token(Instant usedAt) {
        String digest = "pruning-" + UUID.randomUUID();
        jdbc.sql("insert into ack_token_used (token_digest, alert_id, recipient, used_at) values (?, ?, ?, ?)")
                .param(digest).param(UUID.randomUUID()).param("technician").param(Timestamp.from(usedAt)).update();
        return digest;
    }

    private List<String> deliveriesOf(UUID group) {
        return jdbc.sql("select id from notification_delivery where group_id = ?").param(group).query(String.class)
                .list();
    }
}
