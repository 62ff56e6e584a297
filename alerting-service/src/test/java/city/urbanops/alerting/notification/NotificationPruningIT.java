package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void finishedDeliveriesGoAfterTheRetentionPendingOnesNeverAndUsedLinksAfterTheirLifetime() {
        Instant now = clock.instant();
        UUID group = group(now.minus(Duration.ofDays(200)));
        String oldSent = delivery(group, 1, "SENT", now.minus(Duration.ofDays(91)));
        String oldDead = delivery(group, 2, "DEAD", now.minus(Duration.ofDays(120)));
        String oldPending = delivery(group, 3, "PENDING", now.minus(Duration.ofDays(150)));
        String recentSent = delivery(group, 4, "SENT", now.minus(Duration.ofDays(89)));
        String oldToken = token(now.minus(Duration.ofHours(25)));
        String recentToken = token(now.minus(Duration.ofHours(23)));

        pruning.prune();

        assertThat(deliveriesOf(group)).as("kept: what is still pending, and what ended within 90 days")
                .containsExactlyInAnyOrder(oldPending, recentSent).doesNotContain(oldSent, oldDead);
        assertThat(jdbc.sql("select count(*) from notification_delivery_alert where delivery_id in (?, ?)")
                .param(oldSent).param(oldDead).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select token_digest from ack_token_used where token_digest in (?, ?)")
                .param(oldToken).param(recentToken).query(String.class).list()).containsExactly(recentToken);
    }

    private UUID group(Instant createdAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_group (id, group_key, kind, policy_id, policy_name, recipients,
                    webhook_endpoint_ids, group_wait_ms, collecting, revision, created_at)
                values (?, ?, 'ROUTE', 'pruning-policy', 'Pruning', '[]'::jsonb, '[]'::jsonb, 0, false, 4, ?)
                """).param(id).param("pruning:" + id).param(Timestamp.from(createdAt)).update();
        return id;
    }

    private String delivery(UUID group, int revision, String state, Instant createdAt) {
        String id = group + "." + revision + ".webhook.pruning";
        jdbc.sql("""
                insert into notification_delivery (id, group_id, revision, channel, target, subject, body, state,
                    next_attempt_at, origin_at, created_at, sent_at)
                values (?, ?, ?, 'WEBHOOK', 'pruning', 'subject', 'body', ?, ?, ?, ?, ?)
                """).param(id).param(group).param(revision).param(state).param(Timestamp.from(createdAt))
                .param(Timestamp.from(createdAt)).param(Timestamp.from(createdAt))
                .param(state.equals("SENT") ? Timestamp.from(createdAt) : null).update();
        jdbc.sql("insert into notification_delivery_alert (delivery_id, alert_id) values (?, ?)").param(id)
                .param(UUID.randomUUID()).update();
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
