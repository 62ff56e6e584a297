package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationPropertiesTest {

    @Test
    void backoffDoublesFromTheBaseAndStopsAtTheMaximum() {
        NotificationProperties p = AckLinksTest.properties(Map.of(
                "urbanops.alerting.notification.retry-base", "10s",
                "urbanops.alerting.notification.retry-max", "1m"));

        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.backoffAfter(60)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        NotificationProperties p = AckLinksTest.properties(Map.of());

        assertThat(p.linkTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(p.rotationOverlap()).isEqualTo(Duration.ofHours(24));
        assertThat(p.maxAttempts()).isEqualTo(12);
        assertThat(p.maxAlertsListed()).isEqualTo(20);
        assertThat(p.linkSecret()).isNull();
    }

    @Test
    void unboundedSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> AckLinksTest.properties(Map.of("urbanops.alerting.notification.max-attempts", "0")))
                .hasStackTraceContaining("urbanops.alerting.notification.max-attempts must be 1..50");
        assertThatThrownBy(() -> AckLinksTest.properties(Map.of(
                "urbanops.alerting.notification.retry-base", "1m",
                "urbanops.alerting.notification.retry-max", "10s")))
                .hasStackTraceContaining("retry-max must be at least retry-base");
    }
}
