package city.urbanops.localplatform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inbox as a newcomer meets it: a real SMTP sink and a real HTTP server on free ports. */
class InboxServerTest {

    private static final String SECRET = Signatures.secret(3);
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebhookReceiver receiver = new WebhookReceiver(new Recent<>(10), Clock.systemUTC(),
            StandardWebhooks.DEFAULT_TOLERANCE, 100, (call, nanos) -> { });
    private final MailSink mail = MailSink.start(0, new Recent<>(2), Clock.systemUTC());
    private final InboxServer inbox = InboxServer.start(0, mail.mails(), receiver);

    @AfterEach
    void stop() {
        inbox.close();
        mail.close();
    }

    @Test
    void aSignedWebhookIsAnswered200AndListedOnceWithItsVerdict() throws Exception {
        receiver.useSecrets(List.of(WebhookSecret.parse(SECRET)));
        String body = "{\"alerts\":[{\"title\":\"<script>alert(1)</script>\"}]}";

        int first = post("msg_a", body, SECRET);
        int again = post("msg_a", body, SECRET);
        int forged = post("msg_b", body, Signatures.secret(9));

        assertThat(first).isEqualTo(200);
        assertThat(again).isEqualTo(200);
        assertThat(forged).isEqualTo(401);
        var listed = new EventJson().readTree(get("/api/webhooks").getBytes());
        assertThat(listed.get("total").asLong()).isEqualTo(2);
        assertThat(listed.get("items").get(0).get("signatureValid").asBoolean()).isFalse();
        assertThat(listed.get("items").get(1).get("webhookId").asString()).isEqualTo("msg_a");
        assertThat(listed.get("items").get(1).get("deliveries").asInt()).isEqualTo(2);
        String page = get("/");
        assertThat(page).contains("delivered 2 times (kept once)", "invalid: no v1 signature matches")
                .contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void mailSentOverSmtpIsShownWithRecipientSubjectAndBodyAndOnlyTheLastAreKept() throws Exception {
        for (int i = 1; i <= 3; i++) {
            send("technician@city.example", "Flooding in north #" + i, "Water above 1 m at gw-01-fl-001.\n"
                    + "Acknowledge: http://localhost:8085/ack/tok" + i);
        }

        var listed = new EventJson().readTree(get("/api/mail").getBytes());
        assertThat(listed.get("total").asLong()).isEqualTo(3);
        assertThat(listed.get("kept").asInt()).isEqualTo(2);
        assertThat(listed.get("items").get(0).get("subject").asString()).isEqualTo("Flooding in north #3");
        assertThat(listed.get("items").get(0).get("recipient").asString()).isEqualTo("technician@city.example");
        assertThat(listed.get("items").get(1).get("body").asString()).contains("Water above 1 m at gw-01-fl-001.");
        assertThat(get("/")).contains("1 older ones dropped")
                .contains("<a href=\"http://localhost:8085/ack/tok3\">");
    }

    private void send(String to, String subject, String text) throws Exception {
        var props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(mail.port()));
        var message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("alerting@city.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text);
        Transport.send(message);
    }

    private int post(String id, String body, String secret) throws Exception {
        long timestamp = Instant.now().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create(inbox.webhookUrl("city-ops")))
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signatures.sign(secret, id, timestamp, body))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String get(String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + inbox.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
