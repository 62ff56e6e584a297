package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An acknowledgement through a signed notification link reaches the audit log as the link's recipient's act. */
class AckLinkAuditIT extends NotificationIT {

    @Autowired
    private AckLinks links;

    @Test
    void anAlertAcknowledgedThroughItsLinkIsAuditedAsTheLinksRecipient() throws Exception {
        String district = newDistrict("ack-audit");
        route(district, List.of(), List.of());
        Alert alert = open(district, "Hydrant leaking", Severity.MAJOR);
        String token = links.issue(alert.id(), "technician", clock.instant().plus(Duration.ofHours(1)), "audit-test");

        try (var audit = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.AUDIT_EVENTS)) {
            var done = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/ack/" + token)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).isEqualTo(200);

            var event = TopicProbe.value(audit.awaitMatching(r -> TopicProbe.value(r, AuditEvent.class).targetId()
                    .equals(alert.id().toString()), 1, AWAIT).getFirst(), AuditEvent.class);
            assertThat(event.action()).isEqualTo("alert.acknowledged");
            assertThat(event.actor()).isEqualTo("link:technician");
            assertThat(event.district()).isEqualTo(district);
            assertThat(event.details()).containsEntry("via", "acknowledge link");
            assertThat(event.details().values()).noneMatch(value -> value.contains(token));
        }
    }
}
