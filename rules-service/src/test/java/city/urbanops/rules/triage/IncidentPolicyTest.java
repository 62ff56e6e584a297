package city.urbanops.rules.triage;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.triage.IncidentPolicy.GatewaySeen;
import city.urbanops.rules.triage.Neighbourhood.NeighbourInCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentPolicyTest {

    private static final DeviceContext FL7 = new DeviceContext("fl-7", "flood-level", "gw-1", "water", "north", null,
            52.0, 13.0);

    @Test
    void enoughNeighboursInTheSameConditionConfirmAnIncidentListingEverySensorByName() {
        var verdict = IncidentPolicy.confirmedByNeighbours(FL7, List.of(new NeighbourInCondition("fl-9", 340),
                new NeighbourInCondition("fl-2", 610)), 2, 1_000).orElseThrow();

        assertThat(verdict.cause()).isEqualTo(Cause.INCIDENT);
        assertThat(verdict.explanation()).isEqualTo("confirmed by 3 flood-level sensors within 1 km (fl-2, fl-7, fl-9)");
        assertThat(verdict.signals()).containsExactly(new Signal("neighbours-confirm",
                "fl-9 at 340 m, fl-2 at 610 m in the same condition"));
        assertThat(verdict.proposal()).isNull();
    }

    @Test
    void fewerNeighboursThanNeededConfirmNothing() {
        assertThat(IncidentPolicy.confirmedByNeighbours(FL7, List.of(new NeighbourInCondition("fl-9", 340)), 2,
                1_000)).isEmpty();
    }

    @Test
    void aSingleHealthySensorIsAnIncidentSayingWhyItIsBelieved() {
        var verdict = IncidentPolicy.singleSensor(FL7, GatewaySeen.ONLINE, 1_000);

        assertThat(verdict.cause()).isEqualTo(Cause.INCIDENT);
        assertThat(verdict.explanation()).isEqualTo("one sensor, health good: values vary, no diagnostics, gateway"
                + " online");
        assertThat(verdict.signals()).extracting(Signal::name)
                .containsExactly("health-good", "gateway-online", "single-sensor");
    }

    @Test
    void aSingleSensorWhoseGatewayWasNotSeenSaysSo() {
        assertThat(IncidentPolicy.singleSensor(FL7, GatewaySeen.UNKNOWN, 500).explanation())
                .endsWith("gateway status not seen yet");
    }
}
