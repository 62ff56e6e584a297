package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.routing.EscalationStep;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.events.alert.AlertEvent.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class DeliveryFaultsIT extends NotificationIT {

    @Autowired
    private MeterRegistry meters;
    @Autowired
    private EscalationNotices escalation;
    @Autowired
    private TransactionTemplate transactions;

    record Row(String state, int attempts, Instant nextAttemptAt, String lastError) { }

    private Row row(String deliveryPrefix) {
        return jdbc.sql("select state, attempts, next_attempt_at, last_error from notification_delivery where id like ?")
                .param(deliveryPrefix + "%")
                .query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4))).single();
    }

    private String deliveryIdOf(Alert alert) {
        return jdbc.sql("""
                select d.id from notification_delivery d join notification_delivery_alert a on a.delivery_id = d.id
                where a.alert_id = ?""").param(alert.id()).query(String.class).single();
    }

    @Test
    void webhookCallIsSignedTheStandardWebhooksWayAndItsIdIsTheDeliveryKey() {
        String district = newDistrict("signed");
        Endpoint hook = endpoint();
        route(district, List.of(), List.of(hook.id().toString()));
        Alert a = open(district, "Signed", Severity.MAJOR);
        clock.advance(GROUP_WAIT);

        awaitAllSent(a.id(), 1);
        WebhookReceiver.Call call = receiver().callsTo(hook.path()).getFirst();
        assertThat(call.id()).isEqualTo(deliveryIdOf(a)).endsWith(".1.webhook." + hook.id());
        assertThat(call.timestamp()).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(call.signature()).startsWith("v1,").doesNotContain(" ");
        assertThat(WebhookReceiver.verifies(hook.secret(), call)).isTrue();
        assertThat(WebhookReceiver.verifies(WebhookSigner.newSecret(), call)).as("another secret").isFalse();
        WebhookReceiver.Call tampered = new WebhookReceiver.Call(call.path(), call.id(), call.timestamp(),
                call.signature(), call.body().replace("Signed", "Forged"));
        assertThat(WebhookReceiver.verifies(hook.secret(), tampered)).as("altered body").isFalse();
    }

    @Test
    void receiverFailingThenDownIsRetriedWithExponentialBackoffThenDeadLettered() {
        String district = newDistrict("retry");
        Endpoint hook = endpoint();
        route(district, List.of(), List.of(hook.id().toString()));
        Alert a = open(district, "Retried", Severity.MAJOR);
        double deadBefore = meters.counter("urbanops.alerting.notifications.dead.lettered", "channel", "webhook")
                .count();
        receiver().answer(500);
        try {
            clock.advance(GROUP_WAIT);
            String id = awaitAttempts(a, 1);
            Instant first = clock.instant();
            assertThat(row(id)).isEqualTo(new Row("PENDING", 1, first.plus(Duration.ofMinutes(1)),
                    "HTTP 500 from endpoint " + hook.id() + " (127.0.0.1): receiver failure"));

            clock.advance(Duration.ofSeconds(59));
            assertThat(receiver().callsTo(hook.path())).as("not before the back-off").hasSize(1);
            clock.advance(Duration.ofSeconds(1));
            awaitAttempts(a, 2);
            assertThat(row(id).nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

            receiver().stop();
            clock.advance(Duration.ofMinutes(2));
            awaitAttempts(a, 3);
            assertThat(row(id).nextAttemptAt()).as("capped at retry-max")
                    .isEqualTo(clock.instant().plus(Duration.ofMinutes(3)));
            assertThat(row(id).lastError()).startsWith("ConnectException calling endpoint " + hook.id() + " (127.0.0.1)")
                    .doesNotContain(hook.path());

            clock.advance(Duration.ofMinutes(3));
            await().atMost(AWAIT).until(() -> row(id).state().equals("DEAD"));
            assertThat(row(id).attempts()).isEqualTo(4);
            assertThat(row(id).lastError()).startsWith("ConnectException");
            assertThat(receiver().callsTo(hook.path())).hasSize(2);
            assertThat(meters.counter("urbanops.alerting.notifications.dead.lettered", "channel", "webhook").count())
                    .isEqualTo(deadBefore + 1);
            assertThat(timelineOf(a.id())).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(AlertChange.Kind.NOTIFICATION);
                assertThat(e.note()).startsWith("notification to webhook endpoint " + hook.id()
                        + " failed for good after 4 attempts: ConnectException");
            });
            clock.advance(Duration.ofHours(1));
            assertThat(row(id).state()).as("a dead letter stays dead").isEqualTo("DEAD");
        } finally {
            receiver().answer(200);
            receiver().start();
        }
    }

    @Test
    void smtpServerRefusingMailIsRetriedThenDeadLettered() {
        String district = newDistrict("smtp");
        Recipient tech = technician("smtp-" + district);
        route(district, List.of(tech), List.of());
        Alert a = open(district, "Mail down", Severity.MAJOR);
        smtp().stop();
        try {
            clock.advance(GROUP_WAIT);
            String id = awaitAttempts(a, 1);
            assertThat(row(id).lastError()).startsWith("SMTP: ");
            clock.advance(Duration.ofMinutes(1));
            awaitAttempts(a, 2);
            clock.advance(Duration.ofMinutes(2));
            awaitAttempts(a, 3);
            clock.advance(Duration.ofMinutes(3));
            await().atMost(AWAIT).until(() -> row(id).state().equals("DEAD"));
            assertThat(row(id).attempts()).isEqualTo(4);
            assertThat(timelineOf(a.id())).anySatisfy(e -> assertThat(e.note())
                    .startsWith("notification by email to " + tech.userId() + " failed for good after 4 attempts: SMTP"));
        } finally {
            startSmtp();
        }
        assertThat(mailsTo(tech.email())).isEmpty();
    }

    @Test
    void deliveryClaimedByAnInstanceThatDiedIsSentOnceAfterItsLease() {
        Endpoint hook = endpoint();
        Alert a = open(newDistrict("lease"), "Claimed, then the instance died", Severity.CRITICAL);
        transactions.executeWithoutResult(tx -> {
            escalation.escalate(a, new EscalationStep(1, Duration.ofMinutes(15), List.of(),
                    List.of(hook.id().toString())));
            // What an instance leaves behind when it dies after claiming a delivery, before recording the outcome.
            jdbc.sql("""
                    update notification_delivery set next_attempt_at = ?
                    where id in (select delivery_id from notification_delivery_alert where alert_id = ?)""")
                    .params(Timestamp.from(clock.instant().plus(Duration.ofMinutes(2))), a.id()).update();
        });

        await().during(Duration.ofSeconds(1)).atMost(AWAIT).until(() -> receiver().callsTo(hook.path()).isEmpty());
        clock.advance(Duration.ofMinutes(2));

        awaitAllSent(a.id(), 1);
        assertThat(receiver().callsTo(hook.path())).hasSize(1);
        assertThat(receiver().callsTo(hook.path()).getFirst().id()).isEqualTo(deliveryIdOf(a));
    }

    /** Waits until the alert's only delivery has made {@code attempts} attempts and is waiting again; its id. */
    private String awaitAttempts(Alert a, int attempts) {
        await().atMost(AWAIT).until(() -> deliveryStates(a.id()).size() == 1);
        String id = deliveryIdOf(a);
        await().atMost(AWAIT).until(() -> row(id).attempts() >= attempts
                && row(id).nextAttemptAt().isAfter(clock.instant()));
        return id;
    }
}
