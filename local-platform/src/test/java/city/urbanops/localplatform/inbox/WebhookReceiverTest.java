package city.urbanops.localplatform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-30T14:00:00Z");
    private static final String SECRET = Signatures.secret(7);
    private final List<String> heard = new ArrayList<>();
    private final WebhookReceiver receiver = new WebhookReceiver(new Recent<>(3), Clock.fixed(NOW, ZoneOffset.UTC),
            StandardWebhooks.DEFAULT_TOLERANCE, 5, (call, nanos) -> heard.add(call.webhookId()));

    @Test
    void aGenuineCallIsKeptWithItsHeadersAndReported() {
        receiver.useSecrets(List.of(WebhookSecret.parse(SECRET)));

        var outcome = receiver.receive("/webhooks/city-ops", headers("msg_1", "{\"n\":1}", SECRET),
                bytes("{\"n\":1}"), 0L);

        assertThat(outcome).isInstanceOf(WebhookReceiver.Outcome.Accepted.class);
        var kept = receiver.calls().newestFirst();
        assertThat(kept).hasSize(1);
        assertThat(kept.getFirst().valid()).isTrue();
        assertThat(kept.getFirst().headers()).containsKeys("webhook-id", "webhook-timestamp", "webhook-signature");
        assertThat(kept.getFirst().body()).isEqualTo("{\"n\":1}");
    }

    @Test
    void aRedeliveryOfAnAcceptedIdIsAnsweredButKeptOnce() {
        receiver.useSecrets(List.of(WebhookSecret.parse(SECRET)));
        var call = headers("msg_1", "{\"n\":1}", SECRET);
        receiver.receive("/webhooks/city-ops", call, bytes("{\"n\":1}"), 0L);

        var again = receiver.receive("/webhooks/city-ops", call, bytes("{\"n\":1}"), 0L);

        assertThat(again).isEqualTo(new WebhookReceiver.Outcome.Redelivered("msg_1", 2));
        assertThat(receiver.calls().total()).isEqualTo(1);
        assertThat(receiver.deliveries("msg_1")).isEqualTo(2);
        assertThat(receiver.duplicates()).isEqualTo(1);
    }

    @Test
    void aForgedCallIsKeptAsRefusedAndDoesNotClaimItsId() {
        receiver.useSecrets(List.of(WebhookSecret.parse(SECRET)));
        String body = "{\"n\":1}";

        var forged = receiver.receive("/webhooks/city-ops", headers("msg_1", body, Signatures.secret(8)), bytes(body),
                0L);
        var genuine = receiver.receive("/webhooks/city-ops", headers("msg_1", body, SECRET), bytes(body), 0L);

        assertThat(forged).isInstanceOf(WebhookReceiver.Outcome.Rejected.class);
        assertThat(genuine).isInstanceOf(WebhookReceiver.Outcome.Accepted.class);
        assertThat(receiver.calls().newestFirst()).extracting(WebhookCall::valid).containsExactly(true, false);
        assertThat(heard).containsExactly("msg_1");
        assertThat(receiver.refused()).isEqualTo(1);
    }

    @Test
    void beforeTheSecretIsKnownEveryCallIsRefused() {
        String body = "{}";

        var outcome = receiver.receive("/webhooks/city-ops", headers("msg_1", body, SECRET), bytes(body), 0L);

        assertThat(outcome).isInstanceOf(WebhookReceiver.Outcome.Rejected.class);
        assertThat(receiver.calls().newestFirst().getFirst().verdict()).isEqualTo("invalid: the receiver holds no secret yet");
    }

    @Test
    void keepsOnlyTheLastCallsAndRemembersABoundedNumberOfIds() {
        receiver.useSecrets(List.of(WebhookSecret.parse(SECRET)));
        for (int i = 1; i <= 7; i++) {
            receiver.receive("/webhooks/city-ops", headers("msg_" + i, "{}", SECRET), bytes("{}"), 0L);
        }

        assertThat(receiver.calls().newestFirst()).extracting(WebhookCall::webhookId)
                .containsExactly("msg_7", "msg_6", "msg_5");
        assertThat(receiver.calls().dropped()).isEqualTo(4);
        // Five ids remembered: msg_3..msg_7; msg_1 and msg_2 are forgotten and would be accepted again.
        assertThat(receiver.deliveries("msg_3")).isEqualTo(1);
        assertThat(receiver.deliveries("msg_2")).isZero();
    }

    @Test
    void remembersAtLeastAsManyIdsAsItKeepsCalls() {
        assertThatThrownBy(() -> new WebhookReceiver(new Recent<>(10), Clock.systemUTC(),
                StandardWebhooks.DEFAULT_TOLERANCE, 9, (call, nanos) -> { }))
                .hasMessageContaining("remember at least as many webhook ids (9) as calls kept (10)");
    }

    private static java.util.function.Function<String, String> headers(String id, String body, String secret) {
        long timestamp = NOW.getEpochSecond();
        var headers = Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", Signatures.sign(secret, id, timestamp, body), "content-type", "application/json");
        return headers::get;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
