package city.urbanops.localplatform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    private static final Duration TOLERANCE = StandardWebhooks.DEFAULT_TOLERANCE;
    private static final Instant NOW = Instant.parse("2026-11-30T14:00:00Z");
    private static final long TIMESTAMP = NOW.getEpochSecond();
    private static final String ID = "msg_2Lq8d3";
    private static final String BODY = "{\"type\":\"alert.notification\",\"alerts\":[{\"id\":\"a-1\"}]}";

    @Test
    void theSpecsOwnExampleVerifies() {
        // The test vector published with the Standard Webhooks reference libraries.
        var secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var at = Instant.ofEpochSecond(1614265330);

        var verdict = StandardWebhooks.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", bytes("{\"test\": 2432232314}"), List.of(secret),
                at, TOLERANCE);

        assertThat(verdict).isEqualTo(new StandardWebhooks.Genuine(0));
    }

    @Test
    void aCallSignedWithTheReceiversSecretIsGenuine() {
        String secret = Signatures.secret(1);

        var verdict = verify(Signatures.sign(secret, ID, TIMESTAMP, BODY), BODY, TIMESTAMP, secret);

        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.describe()).isEqualTo("valid");
    }

    @Test
    void aTamperedBodyIsRefused() {
        String secret = Signatures.secret(1);
        String signature = Signatures.sign(secret, ID, TIMESTAMP, BODY);

        var verdict = verify(signature, BODY.replace("a-1", "a-2"), TIMESTAMP, secret);

        assertThat(verdict).isEqualTo(new StandardWebhooks.Refused("no v1 signature matches a secret of this receiver"));
    }

    @Test
    void aCallSignedWithAnotherSecretIsRefused() {
        var verdict = verify(Signatures.sign(Signatures.secret(2), ID, TIMESTAMP, BODY), BODY, TIMESTAMP,
                Signatures.secret(1));

        assertThat(verdict.valid()).isFalse();
    }

    @Test
    void duringARotationEitherSecretVerifiesTheTwoSignatures() {
        String old = Signatures.secret(1);
        String current = Signatures.secret(2);
        String both = Signatures.sign(old, ID, TIMESTAMP, BODY) + " " + Signatures.sign(current, ID, TIMESTAMP, BODY);

        assertThat(verify(both, BODY, TIMESTAMP, current).valid()).isTrue();
        assertThat(verify(both, BODY, TIMESTAMP, old).valid()).isTrue();
        assertThat(verify(both, BODY, TIMESTAMP, Signatures.secret(3)).valid()).isFalse();
    }

    @Test
    void aReceiverHoldingOldAndNewSecretsAcceptsACallSignedWithTheNewOneOnly() {
        String current = Signatures.secret(2);

        var verdict = StandardWebhooks.verify(ID, Long.toString(TIMESTAMP), Signatures.sign(current, ID, TIMESTAMP, BODY),
                bytes(BODY), List.of(WebhookSecret.parse(Signatures.secret(1)), WebhookSecret.parse(current)), NOW,
                TOLERANCE);

        assertThat(verdict).isEqualTo(new StandardWebhooks.Genuine(1));
    }

    @Test
    void aTimestampOlderThanTheToleranceIsRefusedEvenWhenCorrectlySigned() {
        String secret = Signatures.secret(1);
        long old = TIMESTAMP - TOLERANCE.toSeconds() - 1;

        var verdict = verify(Signatures.sign(secret, ID, old, BODY), BODY, old, secret);

        assertThat(verdict).isEqualTo(new StandardWebhooks.Refused(
                "webhook-timestamp is 301 s old, beyond the tolerance of 300 s"));
    }

    @Test
    void aTimestampAtTheToleranceStillVerifies() {
        String secret = Signatures.secret(1);
        long old = TIMESTAMP - TOLERANCE.toSeconds();

        assertThat(verify(Signatures.sign(secret, ID, old, BODY), BODY, old, secret).valid()).isTrue();
    }

    @Test
    void aTimestampFromTheFutureBeyondTheToleranceIsRefused() {
        String secret = Signatures.secret(1);
        long future = TIMESTAMP + 600;

        assertThat(verify(Signatures.sign(secret, ID, future, BODY), BODY, future, secret).describe())
                .isEqualTo("invalid: webhook-timestamp is 600 s in the future, beyond the tolerance of 300 s");
    }

    @Test
    void aSignatureOfAnotherIdIsRefused() {
        String secret = Signatures.secret(1);

        var verdict = StandardWebhooks.verify("msg_other", Long.toString(TIMESTAMP),
                Signatures.sign(secret, ID, TIMESTAMP, BODY), bytes(BODY), List.of(WebhookSecret.parse(secret)), NOW,
                TOLERANCE);

        assertThat(verdict.valid()).isFalse();
    }

    @Test
    void missingHeadersAndUnknownSignatureVersionsAreRefused() {
        String secret = Signatures.secret(1);
        String v1 = Signatures.sign(secret, ID, TIMESTAMP, BODY);

        assertThat(verify(null, BODY, TIMESTAMP, secret).describe()).contains("missing");
        assertThat(verify("v2," + v1.substring(3), BODY, TIMESTAMP, secret).valid()).isFalse();
        assertThat(verify("v1,not base64!", BODY, TIMESTAMP, secret).valid()).isFalse();
        assertThat(StandardWebhooks.verify(ID, "yesterday", v1, bytes(BODY), List.of(WebhookSecret.parse(secret)), NOW,
                TOLERANCE).describe()).contains("not a whole number");
    }

    @Test
    void aReceiverWithoutSecretsRefusesEverything() {
        String secret = Signatures.secret(1);

        var verdict = StandardWebhooks.verify(ID, Long.toString(TIMESTAMP), Signatures.sign(secret, ID, TIMESTAMP, BODY),
                bytes(BODY), List.of(), NOW, TOLERANCE);

        assertThat(verdict).isEqualTo(new StandardWebhooks.Refused("the receiver holds no secret yet"));
    }

    @Test
    void aSecretIsParsedFromItsBase64PartAndNeverPrinted() {
        String text = Signatures.secret(4);

        var secret = WebhookSecret.parse(text);

        assertThat(secret.toString()).doesNotContain(text.substring(6, 20)).contains("32 bytes");
        assertThatThrownBy(() -> WebhookSecret.parse("sk_" + text.substring(6))).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_%%%")).hasMessage(
                "a webhook secret's part after whsec_ must be base64");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).hasMessageContaining("16..256 bytes");
    }

    private static StandardWebhooks.Verdict verify(String signature, String body, long timestamp, String secret) {
        return StandardWebhooks.verify(ID, Long.toString(timestamp), signature, bytes(body),
                List.of(WebhookSecret.parse(secret)), NOW, TOLERANCE);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
