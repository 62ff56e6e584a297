package city.urbanops.rules.triage;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.rules.rule.Condition.Direction;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.triage.DeviceFaultPolicy.Level;
import city.urbanops.rules.triage.Neighbourhood.NeighbourReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceFaultPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final DeviceContext FL1 = device("fl-1", "flood-level", 52.0);
    private static final Level FLOOD = new Level(Direction.ABOVE, 1.5, 1.2);

    private static DeviceContext device(String id, String type, double latitude) {
        return new DeviceContext(id, type, "gw-1", "water", "north", null, latitude, 13.0);
    }

    private static NeighbourReading reading(String id, double value) {
        return new NeighbourReading(id, 200, value, NOW);
    }

    @Test
    void aDeviceWithoutFaultsIsNotADeviceFaultOfItsOwn() {
        assertThat(DeviceFaultPolicy.ownFaults(FL1, Health.good(), "flood/fl-1@t")).isEmpty();
    }

    @Test
    void aDeviceReportingFaultsIsADeviceFaultNamingThemWithAProposalDerivedFromTheAlert() {
        var health = new Health(List.of(new Signal("stuck-value", "2.1 for 12 readings"),
                new Signal("impossible-jump", "0.3 to 9.0 in 1 s")));

        var verdict = DeviceFaultPolicy.ownFaults(FL1, health, "flood/fl-1@t").orElseThrow();

        assertThat(verdict.cause()).isEqualTo(Cause.DEVICE_FAULT);
        assertThat(verdict.explanation()).isEqualTo("fl-1 reports a fault of its own: stuck-value (2.1 for 12"
                + " readings); impossible-jump (0.3 to 9.0 in 1 s). Its reading is not evidence of a condition in"
                + " the city");
        assertThat(verdict.signals()).isEqualTo(health.faults());
        assertThat(verdict.proposal().proposalId()).isEqualTo("quarantine/fl-1/flood/fl-1@t");
        assertThat(verdict.proposal().reason()).isEqualTo("its own readings show stuck-value, impossible-jump");
    }

    @Test
    void farOnTheSafeSideMeansByAtLeastTheHysteresisBandOrATenthOfTheLevel() {
        assertThat(FLOOD.margin()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(FLOOD.farOnSafeSide(1.2)).isTrue();
        assertThat(FLOOD.farOnSafeSide(1.21)).isFalse();
        var noHysteresis = new Level(Direction.BELOW, 10, 10);
        assertThat(noHysteresis.farOnSafeSide(11)).isTrue();
        assertThat(noHysteresis.farOnSafeSide(10.5)).isFalse();
    }

    @Test
    void aSensorBeyondTheLevelWhileAllItsNeighboursAreFarOnTheSafeSideDisagrees() {
        var verdict = DeviceFaultPolicy.disagreesWithNeighbours(FL1, "water_level", 2.4, FLOOD,
                List.of(reading("fl-2", 0.2), reading("fl-3", 0.35)), 1_000, "flood/fl-1@t").orElseThrow();

        assertThat(verdict.cause()).isEqualTo(Cause.DEVICE_FAULT);
        assertThat(verdict.explanation()).isEqualTo("fl-1 reads water_level 2.4 while its 2 flood-level neighbours"
                + " within 1 km read 0.2–0.35 (fl-2, fl-3): the sensor disagrees with its neighbours");
        assertThat(verdict.signals()).extracting(Signal::name).containsExactly("neighbours-disagree");
        assertThat(verdict.proposal().deviceId()).isEqualTo("fl-1");
    }

    @Test
    void oneNeighbourIsNotEnoughToOutvoteASensor() {
        assertThat(DeviceFaultPolicy.disagreesWithNeighbours(FL1, "water_level", 2.4, FLOOD,
                List.of(reading("fl-2", 0.2)), 1_000, "a")).isEmpty();
    }

    @Test
    void aNeighbourCloseToTheLevelDoesNotDisagree() {
        assertThat(DeviceFaultPolicy.disagreesWithNeighbours(FL1, "water_level", 2.4, FLOOD,
                List.of(reading("fl-2", 0.2), reading("fl-3", 1.4)), 1_000, "a")).isEmpty();
    }

    @Test
    void aSensorNotBeyondTheLevelDisagreesWithNobody() {
        assertThat(DeviceFaultPolicy.disagreesWithNeighbours(FL1, "water_level", 1.4, FLOOD,
                List.of(reading("fl-2", 0.2), reading("fl-3", 0.3)), 1_000, "a")).isEmpty();
    }

    @Test
    void neighboursAreFreshSamplesOfTheSameTypeWithinTheRadiusNearestFirst() {
        var samples = List.of(
                new Finding.Sample(device("fl-far", "flood-level", 52.02), "water_level", 0.1, NOW),
                new Finding.Sample(device("aq-1", "air-quality", 52.0001), "water_level", 0.1, NOW),
                new Finding.Sample(device("fl-old", "flood-level", 52.0001), "water_level", 0.1,
                        NOW.minus(Duration.ofMinutes(3))),
                new Finding.Sample(device("fl-3", "flood-level", 52.002), "water_level", 0.3, NOW),
                new Finding.Sample(device("fl-2", "flood-level", 52.001), "water_level", 0.2, NOW.minusSeconds(60)),
                new Finding.Sample(FL1, "water_level", 2.4, NOW));

        var fresh = Neighbourhood.freshReadings(FL1, samples, 1_000, NOW, Duration.ofMinutes(2));

        assertThat(fresh).extracting(NeighbourReading::deviceId).containsExactly("fl-2", "fl-3");
        assertThat(fresh.getFirst().metres()).isBetween(110.0, 112.0);
    }

    @Test
    void aDeviceHealthAlertProposesQuarantineOnlyOnceTheFaultPersistsAndNeverForAQuarantinedDevice() {
        var health = new Health(List.of(new Signal("self-diagnostic", "error 17")));

        assertThat(DeviceFaultPolicy.deviceHealth(FL1, health, false, false, "h@t", NOW).proposal()).isNull();
        assertThat(DeviceFaultPolicy.deviceHealth(FL1, health, false, true, "h@t", NOW).proposal()).isNotNull();
        assertThat(DeviceFaultPolicy.deviceHealth(FL1, health, true, true, "h@t", NOW).proposal()).isNull();
        assertThat(DeviceFaultPolicy.deviceHealth(FL1, Health.good(), true, false, "h@t", NOW).explanation())
                .isEqualTo("fl-1 is quarantined; its faults are gone since 08:00 and the alert stays open until the"
                        + " quarantine is lifted");
    }
}
