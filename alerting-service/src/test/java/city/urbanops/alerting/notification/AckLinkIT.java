package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertChange;
import city.urbanops.alerting.alert.AlertStatus;
import city.urbanops.alerting.routing.Recipient;
import city.urbanops.events.alert.AlertEvent.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AckLinkIT extends NotificationIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private AckLinks links;
    @Autowired
    private MeterRegistry meters;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double outcome(String tag) {
        return meters.counter("urbanops.alerting.ack.links", "outcome", tag).count();
    }

    /** The acknowledge link of the email a technician got for an alert just opened on their route. */
    private String linkFromEmail(Alert a, Recipient tech) throws Exception {
        clock.advance(GROUP_WAIT);
        awaitAllSent(a.id(), 1);
        return GroupingAndContentIT.ackPath((String) mailsTo(tech.email()).getFirst().getContent());
    }

    @Test
    void linkFromTheEmailShowsAConfirmationPageAndAcknowledgesOnceWithoutABearerToken(CapturedOutput output)
            throws Exception {
        String district = newDistrict("ack");
        Recipient tech = technician("ack-" + district);
        route(district, List.of(tech), List.of());
        Alert a = open(district, "Hydrant <open> & leaking", Severity.MAJOR);
        String link = linkFromEmail(a, tech);

        HttpResponse<String> page = get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(page.body()).contains("Hydrant &lt;open&gt; &amp; leaking")
                .contains("<form method=\"post\" action=\"" + link + "\">");
        assertThat(alerts.find(a.id()).orElseThrow().status()).as("GET changes nothing").isEqualTo(AlertStatus.OPEN);

        double replayedBefore = outcome("replayed");
        HttpResponse<String> done = post(link);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Acknowledged");
        Alert acknowledged = alerts.find(a.id()).orElseThrow();
        assertThat(acknowledged.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(timelineOf(a.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(AlertChange.Kind.ACKNOWLEDGED);
            assertThat(e.actor()).isEqualTo("link:" + tech.userId());
        });

        HttpResponse<String> replay = post(link);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("This link was already used");
        assertThat(get(link).statusCode()).isEqualTo(409);
        assertThat(outcome("replayed")).isEqualTo(replayedBefore + 2);
        String token = link.substring("/ack/".length());
        assertThat(output.getAll()).contains("acknowledged by link of " + tech.userId()).doesNotContain(token)
                .doesNotContain(token.substring(token.indexOf('.') + 1));
    }

    @Test
    void expiredLinkIsGoneAndLeavesTheAlertOpen() throws Exception {
        String district = newDistrict("expired");
        route(district, List.of(), List.of());
        Alert a = open(district, "Old news", Severity.WARNING);
        String token = links.issue(a.id(), "technician", clock.instant().plus(Duration.ofHours(24)), "expiry-test");

        clock.advance(Duration.ofHours(24));
        double before = outcome("expired");
        HttpResponse<String> page = post("/ack/" + token);

        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This link has expired");
        assertThat(get("/ack/" + token).statusCode()).isEqualTo(410);
        assertThat(alerts.find(a.id()).orElseThrow().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(outcome("expired")).isEqualTo(before + 2);
    }

    @Test
    void forgedLinksAreRefusedAsInvalid(CapturedOutput output) throws Exception {
        String district = newDistrict("forged");
        route(district, List.of(), List.of());
        Alert a = open(district, "Target", Severity.CRITICAL);
        String genuine = links.issue(a.id(), "technician", clock.instant().plus(Duration.ofHours(1)), "forge-test");
        String payload = genuine.substring(0, genuine.indexOf('.'));
        String otherAlert = links.issue(java.util.UUID.randomUUID(), "technician",
                clock.instant().plus(Duration.ofHours(1)), "forge-test");
        double before = outcome("forged");

        List<String> forgeries = List.of(
                payload + otherAlert.substring(otherAlert.indexOf('.')),   // signature of another link
                payload + ".AAAA",                                           // made-up signature
                "not-a-token",
                "x".repeat(AckLinks.MAX_TOKEN_LENGTH + 1));
        for (String forged : forgeries) {
            HttpResponse<String> page = post("/ack/" + forged);
            assertThat(page.statusCode()).as(forged).isEqualTo(400);
            assertThat(page.body()).contains("This link is not valid");
        }

        assertThat(alerts.find(a.id()).orElseThrow().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(outcome("forged")).isEqualTo(before + forgeries.size());
        assertThat(output.getAll()).contains("Acknowledge link refused: forged or malformed token")
                .doesNotContain(payload);
    }

    @Test
    void linkOfAResolvedAlertAnswersConflictAndStaysUsableForNothingElse() throws Exception {
        String district = newDistrict("resolved");
        route(district, List.of(), List.of());
        Alert a = clear(open(district, "Already fixed", Severity.MAJOR), 1);
        assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
        String token = links.issue(a.id(), "technician", clock.instant().plus(Duration.ofHours(1)), "resolved-test");

        HttpResponse<String> page = post("/ack/" + token);

        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.body()).contains("This alert is resolved");
        assertThat(get("/ack/" + token).statusCode()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from ack_token_used where alert_id = ?").param(a.id())
                .query(Long.class).single()).as("a refused acknowledgement does not use the token").isZero();
    }
}
