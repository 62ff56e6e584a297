package city.urbanops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertingBenchSettingsTest {

    @Test
    void defaultsToAHundredAlertsASecondForAMinuteAfterFifteenSecondsOfWarmUp() {
        var settings = AlertingBenchSettings.parse(new String[0]);

        assertThat(settings).isEqualTo(new AlertingBenchSettings(100, 15, 60));
        assertThat(settings.events()).isEqualTo(7_500);
    }

    @Test
    void takesEachSettingByName() {
        assertThat(AlertingBenchSettings.parse(new String[] {"rate=250", "seconds=30", "warmupSeconds=0"}))
                .isEqualTo(new AlertingBenchSettings(250, 0, 30));
    }

    @Test
    void refusesUnknownArgumentsAndValuesOutOfBounds() {
        assertThatThrownBy(() -> AlertingBenchSettings.parse(new String[] {"readings=5"}))
                .hasMessageContaining("unknown argument readings=5");
        assertThatThrownBy(() -> AlertingBenchSettings.parse(new String[] {"rate=0"}))
                .hasMessage("rate must be 1..5,000, was 0");
        assertThatThrownBy(() -> AlertingBenchSettings.parse(new String[] {"seconds=-1"}))
                .hasMessageContaining("unknown argument");
    }
}
