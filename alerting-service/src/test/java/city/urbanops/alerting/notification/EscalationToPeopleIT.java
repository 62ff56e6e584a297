package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.escalation.EscalationScheduler;
import city.urbanops.alerting.routing.EscalationStep;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.alerting.routing.Route;
import city.urbanops.events.alert.AlertEvent.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Escalation with every part real: the alert store opens the alert from an event on {@code alerts}, escalation's
 * timer is written with it, the scheduler fires it when the test clock passes the level's delay, and notification's
 * real {@code EscalationNotices} writes the level's email and webhook call, which go out.
 */
class EscalationToPeopleIT extends NotificationIT {

    private static final Duration LEVEL_1_AFTER = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private EscalationScheduler scheduler;

    private Route escalatingRoute(String district, Recipient onCall, Recipient supervisor, Endpoint hook) {
        Route route = new Route("policy-" + district, "Water " + district, false, "policy-" + district + "/" + district,
                List.of(onCall), List.of(), GROUP_WAIT, List.of(new EscalationStep(1, LEVEL_1_AFTER,
                List.of(supervisor), List.of(hook.id().toString()))));
        routes.put(district, route);
        return route;
    }

    @Test
    void alertNobodyAcknowledgesReachesTheNextLevelByEmailAndWebhook() throws Exception {
        String district = newDistrict("escalate");
        Recipient onCall = technician("esc-oncall-" + district);
        Recipient supervisor = technician("esc-sup-" + district);
        Endpoint hook = endpoint();
        escalatingRoute(district, onCall, supervisor, hook);
        Alert a = open(district, "Main burst", Severity.CRITICAL);
        clock.advance(GROUP_WAIT);
        awaitAllSent(a.id(), 1);

        clock.advance(LEVEL_1_AFTER);
        // The scheduler's own poll would fire it too; ticking here only saves its poll interval.
        await().atMost(AWAIT).until(() -> {
            scheduler.tick();
            return mailsTo(supervisor.email()).size() == 1 && receiver().callsTo(hook.path()).size() == 1;
        });

        assertThat(mailsTo(supervisor.email()).getFirst().getSubject())
                .startsWith("Escalation level 1: [CRITICAL] Main burst");
        assertThat(JSON.readTree(receiver().callsTo(hook.path()).getFirst().body()).get("type").asString())
                .isEqualTo("alert.escalation");
        assertThat(mailsTo(onCall.email())).as("the on-call person was told once, at level 0").hasSize(1);
        assertThat(timelineOf(a.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AlertChange.Kind.ESCALATED);
            assertThat(e.actor()).isEqualTo("alerting");
            assertThat(e.note()).startsWith("level 1 (policy policy-" + district + "): Technician esc-sup-");
        });
        awaitAllSent(a.id(), 3);
    }

    @Test
    void acknowledgedAlertIsNotEscalated() {
        String district = newDistrict("esc-ack");
        Recipient supervisor = technician("esc-ack-sup-" + district);
        Endpoint hook = endpoint();
        escalatingRoute(district, technician("esc-ack-oncall-" + district), supervisor, hook);
        Alert a = open(district, "Valve stuck", Severity.MAJOR);
        assertThat(timer(a)).as("written with the opening").isEqualTo(1);

        acknowledge(a, "technician");
        clock.advance(LEVEL_1_AFTER);
        scheduler.tick();

        assertThat(timer(a)).as("the acknowledgement cancelled it").isZero();
        assertThat(timelineOf(a.id())).noneMatch(e -> e.kind() == AlertChange.Kind.ESCALATED);
        assertThat(mailsTo(supervisor.email())).isEmpty();
        assertThat(receiver().callsTo(hook.path())).isEmpty();
    }

    private long timer(Alert a) {
        return jdbc.sql("select count(*) from escalation_timer where alert_id = ?").param(a.id()).query(Long.class)
                .single();
    }
}
