package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertStatus;
import city.urbanops.alerting.maintenance.MaintenanceWindow;
import city.urbanops.alerting.routing.EscalationStep;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.events.alert.AlertEvent.Severity;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GroupingAndContentIT extends NotificationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private EscalationNotices escalation;

    @Test
    void stormOfTwentyAlertsOnOneRouteBecomesOneEmailAndOneWebhookCall() throws Exception {
        String district = newDistrict("storm");
        Recipient tech = technician("storm-" + district);
        Endpoint hook = endpoint();
        route(district, List.of(tech), List.of(hook.id().toString()));
        List<Alert> storm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            storm.add(open(district, "Water level high at sensor " + i, i == 7 ? Severity.CRITICAL : Severity.MAJOR));
        }

        assertThat(deliveryStates(storm.getFirst().id())).as("nothing leaves before the group wait").isEmpty();
        clock.advance(GROUP_WAIT);

        awaitAllSent(storm.getLast().id(), 2);
        await().atMost(AWAIT).until(() -> receiver().callsTo(hook.path()).size() == 1);
        List<MimeMessage> mails = mailsTo(tech.email());
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.getFirst();
        assertThat(mail.getSubject()).isEqualTo("[CRITICAL] 20 alerts: Water level high at sensor 7 and more "
                + "(district " + district + ", site harbour-1)");
        String text = text(mail);
        assertThat(text).startsWith("New alerts for Water " + district + ".\n\n1. [CRITICAL] Water level high at sensor 7");
        assertThat(Pattern.compile("^\\d+\\. \\[", Pattern.MULTILINE).matcher(text).results().count()).isEqualTo(10);
        assertThat(text).contains("... and 10 more alerts not listed here.");
        JsonNode payload = JSON.readTree(receiver().callsTo(hook.path()).getFirst().body());
        assertThat(payload.get("type").asString()).isEqualTo("alert.notification");
        assertThat(payload.at("/data/alertCount").asInt()).isEqualTo(20);
        assertThat(payload.at("/data/omittedAlerts").asInt()).isEqualTo(10);
        assertThat(payload.at("/data/alerts")).hasSize(10);
        storm.forEach(a -> assertThat(deliveryStates(a.id())).containsExactly("SENT", "SENT"));
    }

    @Test
    void emailTellsWhatWhereSinceWhenCauseAndActionWithAnAcknowledgeLink() throws Exception {
        String district = newDistrict("content");
        Recipient tech = technician("content-" + district);
        route(district, List.of(tech), List.of());
        Alert flood = open(district, "Underpass flooding", Severity.CRITICAL);
        clock.advance(GROUP_WAIT);

        awaitAllSent(flood.id(), 1);
        MimeMessage mail = mailsTo(tech.email()).getFirst();
        String text = text(mail);
        assertThat(mail.getSubject()).isEqualTo("[CRITICAL] Underpass flooding (district " + district
                + ", site harbour-1)");
        assertThat(mail.getFrom()[0].toString()).contains("alerting@urbanops.local");
        assertThat(text).contains("1. [CRITICAL] Underpass flooding   (new)")
                .contains("Where: district " + district + ", site harbour-1, device flood-" + district + "-1")
                .contains("Map: https://www.openstreetmap.org/?mlat=53.551100&mlon=9.993700#map=17/53.551100/9.993700")
                .contains("Since: " + flood.openedAt())
                .contains("Cause: INCIDENT - 3 sensors in the district agree within 2 minutes")
                .contains("Recommended action: Close the underpass and send a pump crew")
                .containsPattern("Acknowledge: https://alerting\\.city\\.test/ack/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n")
                .contains("In the console: https://console.city.test/t/alerts/" + flood.id() + "\n");
        assertThat(mail.getMessageID()).matches("<[0-9a-f-]{36}\\.1\\.[0-9a-f]{12}@alerting\\.urbanops\\.city>");
        assertThat(timelineOf(flood.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AlertChange.Kind.NOTIFICATION);
            assertThat(e.note()).isEqualTo("notification by email to " + tech.userId() + " sent");
        });
    }

    @Test
    void laterChangeOfAnAlreadySentGroupIsAnUpdateInTheSameThread() throws Exception {
        String district = newDistrict("update");
        Recipient tech = technician("update-" + district);
        Endpoint hook = endpoint();
        route(district, List.of(tech), List.of(hook.id().toString()));
        Alert leak = open(district, "Pressure drop", Severity.WARNING);
        clock.advance(GROUP_WAIT);
        awaitAllSent(leak.id(), 2);
        String firstId = mailsTo(tech.email()).getFirst().getMessageID();

        raise(leak, Severity.WARNING, 1);
        clock.advance(GROUP_WAIT);
        raise(leak, Severity.CRITICAL, 2);
        clock.advance(GROUP_WAIT);

        awaitAllSent(leak.id(), 4);
        List<MimeMessage> mails = mailsTo(tech.email());
        assertThat(mails).as("a repeated raise with the same severity and cause sends nothing").hasSize(2);
        MimeMessage update = mails.get(1);
        assertThat(update.getSubject()).startsWith("Update 1: [CRITICAL] Pressure drop");
        assertThat(update.getHeader("In-Reply-To")[0]).isEqualTo(firstId);
        assertThat(update.getHeader("References")[0]).isEqualTo(firstId);
        assertThat(text(update)).startsWith("UPDATE to the notification sent earlier")
                .contains("(severity or cause changed)");
        await().atMost(AWAIT).until(() -> receiver().callsTo(hook.path()).size() == 2);
        JsonNode second = JSON.readTree(receiver().callsTo(hook.path()).get(1).body());
        assertThat(second.get("type").asString()).isEqualTo("alert.notification.update");
        assertThat(second.at("/data/revision").asInt()).isEqualTo(2);

        assertThat(clear(leak, 3).status()).as("the rule cleared it, automatic mode").isEqualTo(AlertStatus.RESOLVED);
        clock.advance(GROUP_WAIT);
        awaitAllSent(leak.id(), 6);
        MimeMessage resolved = mailsTo(tech.email()).get(2);
        assertThat(resolved.getSubject()).startsWith("Update 2:");
        assertThat(resolved.getHeader("In-Reply-To")[0]).isEqualTo(firstId);
        assertThat(text(resolved)).contains("(resolved)").contains("Status: RESOLVED")
                .doesNotContain("Acknowledge:");
    }

    @Test
    void alertInAMaintenanceWindowIsRecordedAsSuppressedAndNotSent() {
        String district = newDistrict("maint");
        Recipient tech = technician("maint-" + district);
        route(district, List.of(tech), List.of());
        windows.save(new MaintenanceWindow(UUID.randomUUID(), MaintenanceWindow.Target.DISTRICT, district,
                clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofHours(2)), "pump replacement",
                "supervisor"), clock.instant());

        Alert a = open(district, "Water level high", Severity.MAJOR);
        clock.advance(GROUP_WAIT);
        // A later, notified alert proves the dispatcher ran past this one's group wait.
        String other = newDistrict("maint-other");
        route(other, List.of(technician("maint-other-" + other)), List.of());
        Alert witness = open(other, "Witness", Severity.INFO);
        clock.advance(GROUP_WAIT);
        awaitAllSent(witness.id(), 1);

        assertThat(deliveryStates(a.id())).isEmpty();
        assertThat(mailsTo(tech.email())).isEmpty();
        assertThat(timelineOf(a.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AlertChange.Kind.NOTIFICATION);
            assertThat(e.note()).isEqualTo("suppressed by maintenance window pump replacement");
        });
    }

    @Test
    void escalationIsWrittenAtOnceForTheLevelsRecipientsAndWebhooks() throws Exception {
        String district = newDistrict("esc");
        Recipient supervisor = technician("esc-supervisor-" + district);
        Endpoint hook = endpoint();
        // Its route reaches nobody: the only messages are the escalation's.
        route(district, List.of(), List.of());
        Alert a = open(district, "Pump station offline", Severity.CRITICAL);

        transactions(() -> escalation.escalate(a, new EscalationStep(2, Duration.ofMinutes(15), List.of(supervisor),
                List.of(hook.id().toString()))));

        assertThat(deliveryStates(a.id())).as("written with the escalation, no group wait").hasSize(2);
        awaitAllSent(a.id(), 2);
        MimeMessage mail = mailsTo(supervisor.email()).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Escalation level 2: [CRITICAL] Pump station offline (district "
                + district + ", site harbour-1)");
        assertThat(text(mail)).startsWith("ESCALATION level 2: nobody acknowledged this alert in time.");
        assertThat(JSON.readTree(receiver().callsTo(hook.path()).getFirst().body()).get("type").asString())
                .isEqualTo("alert.escalation");
    }

    @Autowired
    private org.springframework.transaction.support.TransactionTemplate transactionTemplate;

    private void transactions(Runnable work) {
        transactionTemplate.executeWithoutResult(tx -> work.run());
    }

    static String ackPath(String text) {
        Matcher m = Pattern.compile("https://alerting\\.city\\.test(/ack/[A-Za-z0-9_.-]+)").matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
