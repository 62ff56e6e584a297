package city.urbanops.localplatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {

    @Test
    void theInboxListensOnItsUsualPortsAndKeepsTwoHundredOfEachByDefault() {
        var settings = LauncherSettings.from(Map.of());

        assertThat(settings.smtpPort()).isEqualTo(3025);
        assertThat(settings.inboxPort()).isEqualTo(8025);
        assertThat(settings.inboxKeep()).isEqualTo(200);
    }

    @Test
    void theInboxPortsAndBoundComeFromTheEnvironment() {
        var settings = LauncherSettings.from(Map.of("URBANOPS_SMTP_PORT", "2525", "URBANOPS_INBOX_PORT", "9025",
                "URBANOPS_INBOX_KEEP", "50"));

        assertThat(settings.smtpPort()).isEqualTo(2525);
        assertThat(settings.inboxPort()).isEqualTo(9025);
        assertThat(settings.inboxKeep()).isEqualTo(50);
    }

    @Test
    void anInboxBoundOrPortOutOfRangeIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> LauncherSettings.from(Map.of("URBANOPS_INBOX_KEEP", "0")))
                .hasMessage("URBANOPS_INBOX_KEEP must be 1..10000, was 0");
        assertThatThrownBy(() -> LauncherSettings.from(Map.of("URBANOPS_SMTP_PORT", "70000")))
                .hasMessage("URBANOPS_SMTP_PORT must be 1..65535, was 70000");
    }
}
