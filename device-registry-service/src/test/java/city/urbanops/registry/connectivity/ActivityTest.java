package city.urbanops.registry.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActivityTest {

    private static final Instant T = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void lastSeenOnlyGrows() {
        var activity = Activity.none("aq-1").seen(T.plusSeconds(5)).seen(T);

        assertThat(activity.lastSeen()).isEqualTo(T.plusSeconds(5));
    }

    @Test
    void aNewerOfflineFromTheInstanceHoldingTheGatewayApplies() {
        var activity = Activity.none("gw").status(Connectivity.ONLINE, T, "i1")
                .status(Connectivity.OFFLINE, T.plusSeconds(10), "i1");

        assertThat(activity.connectivity()).isEqualTo(Connectivity.OFFLINE);
        assertThat(activity.since()).isEqualTo(T.plusSeconds(10));
        assertThat(activity.lastSeen()).as("going offline is not a sign of life").isEqualTo(T);
    }

    @Test
    void anOfflineFromAnInstanceTheGatewayLeftDoesNotApply() {
        var activity = Activity.none("gw").status(Connectivity.ONLINE, T, "i1")
                .status(Connectivity.ONLINE, T.plusSeconds(5), "i2")
                .status(Connectivity.OFFLINE, T.plusSeconds(20), "i1");

        assertThat(activity.connectivity()).isEqualTo(Connectivity.ONLINE);
        assertThat(activity.instance()).isEqualTo("i2");
    }

    @Test
    void anOlderEventDoesNotApply() {
        var activity = Activity.none("gw").status(Connectivity.OFFLINE, T.plusSeconds(10), "i1")
                .status(Connectivity.ONLINE, T, "i1");

        assertThat(activity.connectivity()).isEqualTo(Connectivity.OFFLINE);
    }

    @Test
    void theAggregatorKeepsOneEntryPerDeviceAndSaysWhenFull() {
        var aggregator = new ActivityAggregator(2);
        for (int i = 0; i < 1_000; i++) {
            aggregator.seen("aq-1", T.plusMillis(i));
        }
        assertThat(aggregator.size()).isEqualTo(1);
        assertThat(aggregator.full()).isFalse();

        aggregator.seen("aq-2", T);

        assertThat(aggregator.full()).isTrue();
        assertThat(aggregator.activities()).extracting(Activity::deviceId).containsExactlyInAnyOrder("aq-1", "aq-2");
    }
}
