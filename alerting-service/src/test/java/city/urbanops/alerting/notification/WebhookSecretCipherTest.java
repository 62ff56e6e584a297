package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSecretCipherTest {

    private static String key(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    @Test
    void aSealedSecretHoldsNoPlaintextTakesAFreshNonceEachTimeAndOpensAgain() {
        WebhookSecretCipher cipher = WebhookSecretCipher.of(List.of(key("k1")));
        String secret = WebhookSigner.newSecret();

        WebhookSecretCipher.Sealed first = cipher.seal(secret, "endpoint/1");
        WebhookSecretCipher.Sealed second = cipher.seal(secret, "endpoint/1");

        assertThat(first.keyId()).isEqualTo("k1");
        assertThat(new String(first.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain(secret)
                .doesNotContain(secret.substring(6));
        assertThat(first.bytes()).isNotEqualTo(second.bytes());
        assertThat(cipher.open(first, "endpoint/1")).isEqualTo(secret);
        assertThat(cipher.open(second, "endpoint/1")).isEqualTo(secret);
    }

    @Test
    void aSecretCopiedToAnotherRowDoesNotOpen() {
        WebhookSecretCipher cipher = WebhookSecretCipher.of(List.of(key("k1")));
        WebhookSecretCipher.Sealed sealed = cipher.seal("whsec_x", "endpoint-a/1");
        assertThatThrownBy(() -> cipher.open(sealed, "endpoint-b/1")).hasMessageContaining("does not decrypt");
    }

    @Test
    void afterRotationTheNewKeySealsAndTheOldOneStillOpens() {
        String old = key("k1");
        WebhookSecretCipher.Sealed sealedBefore = WebhookSecretCipher.of(List.of(old)).seal("whsec_old", "e/1");
        WebhookSecretCipher rotated = WebhookSecretCipher.of(List.of(key("k2"), old));

        assertThat(rotated.open(sealedBefore, "e/1")).isEqualTo("whsec_old");
        assertThat(rotated.seal("whsec_new", "e/2").keyId()).isEqualTo("k2");
    }

    @Test
    void aWrongOrMissingKeyIsAClearFailureNamingTheKeyIdNeverTheKey() {
        String right = key("k1");
        WebhookSecretCipher.Sealed sealed = WebhookSecretCipher.of(List.of(right)).seal("whsec_s", "e/1");
        String wrong = key("k1");

        assertThatThrownBy(() -> WebhookSecretCipher.of(List.of(wrong)).open(sealed, "e/1"))
                .hasMessageContaining("does not decrypt with key 'k1'")
                .message().doesNotContain(wrong.substring(3)).doesNotContain(right.substring(3));
        assertThatThrownBy(() -> WebhookSecretCipher.of(List.of(key("k2"))).open(sealed, "e/1"))
                .hasMessageContaining("encrypted with key 'k1', which is not among");
    }

    @Test
    void noKeyOrAMalformedOneStopsTheStartWithWhatToFix() {
        assertThatThrownBy(() -> WebhookSecretCipher.of(List.of()))
                .hasMessageContaining("urbanops.alerting.webhooks.encryption-keys is not set");
        assertThatThrownBy(() -> WebhookSecretCipher.of(null)).hasMessageContaining("is not set");
        assertThatThrownBy(() -> WebhookSecretCipher.of(List.of("k1:" + Base64.getEncoder()
                .encodeToString(new byte[16])))).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> WebhookSecretCipher.of(List.of(Base64.getEncoder().encodeToString(new byte[32]))))
                .hasMessageContaining("must be id:base64");
        assertThatThrownBy(() -> WebhookSecretCipher.of(List.of("k1:not base64!")))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> WebhookSecretCipher.of(List.of(key("k1"), key("k1"))))
                .hasMessageContaining("twice");
    }
}
