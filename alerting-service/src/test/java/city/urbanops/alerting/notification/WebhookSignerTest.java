package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signsTheStandardWebhooksReferenceExample() {
        // The example of the Standard Webhooks reference libraries: their secret, id, timestamp, payload and signature.
        String signature = WebhookSigner.signatures(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsWithEverySecretSpaceSeparatedNewestFirst() {
        String newer = WebhookSigner.newSecret();
        String older = WebhookSigner.newSecret();

        String both = WebhookSigner.signatures(List.of(newer, older), "id", 1L, "{}");

        assertThat(both.split(" ")).containsExactly(WebhookSigner.signatures(List.of(newer), "id", 1L, "{}"),
                WebhookSigner.signatures(List.of(older), "id", 1L, "{}"));
    }

    @Test
    void newSecretsAreWhsecWith32RandomBytes() {
        String secret = WebhookSigner.newSecret();

        assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
        assertThat(WebhookSigner.newSecret()).isNotEqualTo(secret);
    }
}
