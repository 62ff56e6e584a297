package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import java.util.Map;

class AckLinksTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final UUID ALERT = UUID.fromString("0b4f1b8e-9c43-4c53-a4a4-1f0e6a2c9d11");

    static NotificationProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("urbanops.alerting.notification", NotificationProperties.class);
    }

    private final AckLinks links = new AckLinks(properties(
            Map.of("urbanops.alerting.notification.link-secret", "unit-test-key")));

    @Test
    void genuineTokenNamesAlertRecipientAndExpiry() {
        String token = links.issue(ALERT, "technician", NOW.plus(Duration.ofHours(24)), "g1.1.email.t@city");

        AckLinks.Verdict verdict = links.check(token, NOW);

        assertThat(verdict).isInstanceOfSatisfying(AckLinks.Verdict.Genuine.class, g -> {
            assertThat(g.claim().alertId()).isEqualTo(ALERT);
            assertThat(g.claim().recipient()).isEqualTo("technician");
            assertThat(g.claim().expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
            assertThat(g.claim().digest()).hasSize(64).doesNotContain(token);
        });
    }

    @Test
    void tokenIsExpiredFromItsExpiryOn() {
        String token = links.issue(ALERT, "technician", NOW.plusSeconds(60), "n");

        assertThat(links.check(token, NOW.plusSeconds(59))).isInstanceOf(AckLinks.Verdict.Genuine.class);
        assertThat(links.check(token, NOW.plusSeconds(60))).isInstanceOf(AckLinks.Verdict.Expired.class);
    }

    @Test
    void tokenOfAnotherKeyOrAlteredRecipientIsForged() {
        AckLinks otherServer = new AckLinks(properties(
                Map.of("urbanops.alerting.notification.link-secret", "another-key")));
        String foreign = otherServer.issue(ALERT, "technician", NOW.plusSeconds(60), "n");
        String genuine = links.issue(ALERT, "technician", NOW.plusSeconds(60), "n");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(genuine.substring(0, genuine.indexOf('.'))));
        String altered = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("technician", "supervisor").getBytes())
                + genuine.substring(genuine.indexOf('.'));

        assertThat(links.check(foreign, NOW)).isInstanceOf(AckLinks.Verdict.Forged.class);
        assertThat(links.check(altered, NOW)).isInstanceOf(AckLinks.Verdict.Forged.class);
        assertThat(links.check("a.b.c", NOW)).isInstanceOf(AckLinks.Verdict.Forged.class);
        assertThat(links.check("%%%.%%%", NOW)).isInstanceOf(AckLinks.Verdict.Forged.class);
    }
}
