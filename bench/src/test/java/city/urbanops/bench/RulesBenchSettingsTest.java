package city.urbanops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulesBenchSettingsTest {

    @Test
    void defaultsAreTheIssuesFigures() {
        var settings = RulesBenchSettings.parse(new String[0]);

        assertThat(settings.get("devices")).isEqualTo(10_000);
        assertThat(settings.get("rules")).isEqualTo(1_000);
        assertThat(settings.get("rate")).isEqualTo(10_000);
        assertThat(settings.get("readings")).isEqualTo(200_000);
        assertThat(settings.commits()).containsExactly(50);
    }

    @Test
    void takesCommitIntervalsToCompare() {
        assertThat(RulesBenchSettings.parse(new String[] {"commits=100,50"}).commits()).isEqualTo(List.of(100, 50));
    }

    @Test
    void refusesAValueOutOfItsBoundsNamingIt() {
        assertThatThrownBy(() -> RulesBenchSettings.parse(new String[] {"rate=100001"}))
                .hasMessageContaining("rate must be 100..100,000");
        assertThatThrownBy(() -> RulesBenchSettings.parse(new String[] {"commits=100,5"}))
                .hasMessageContaining("commits");
    }

    @Test
    void refusesDevicesThatDoNotShareOutOverTheGateways() {
        assertThatThrownBy(() -> RulesBenchSettings.parse(new String[] {"devices=10001"}))
                .hasMessageContaining("multiple of gateways");
    }

    @Test
    void refusesTooFewRulesForTheDevices() {
        assertThatThrownBy(() -> RulesBenchSettings.parse(new String[] {"devices=100000", "rules=50"}))
                .hasMessageContaining("at most 1,000 devices");
    }

    @Test
    void refusesAnUnknownArgument() {
        assertThatThrownBy(() -> RulesBenchSettings.parse(new String[] {"speed=9"}))
                .hasMessageContaining("unknown argument speed=9");
    }
}
