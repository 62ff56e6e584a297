package city.urbanops.rules.triage;

import static city.urbanops.events.gateway.GatewayStatusEvent.Connectivity.ONLINE;
import static city.urbanops.rules.triage.Fixtures.STEP;
import static city.urbanops.rules.triage.Fixtures.context;
import static city.urbanops.rules.triage.Fixtures.gateway;
import static city.urbanops.rules.triage.Fixtures.sample;
import static city.urbanops.rules.triage.Fixtures.sensor;
import static city.urbanops.rules.triage.Fixtures.status;
import static city.urbanops.rules.triage.Fixtures.stuck;
import static city.urbanops.rules.triage.Fixtures.threshold;
import static city.urbanops.rules.triage.TriageHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.Health;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConditionTriageTest {

    private final TriageHarness triage = new TriageHarness();
    private final RuleRelease flood = Fixtures.thresholdRule("flood", 1.5, 1.2);
    private final DeviceRecord gw1 = gateway("gw-1", "north");
    private final DeviceRecord fl1 = sensor("fl-1", "flood-level", "gw-1", "north", 52.0);
    private final DeviceRecord fl2 = sensor("fl-2", "flood-level", "gw-1", "north", 52.0 + STEP);
    private final DeviceRecord fl3 = sensor("fl-3", "flood-level", "gw-1", "north", 52.0 + 2 * STEP);

    @BeforeEach
    void city() {
        triage.register(gw1, fl1, fl2, fl3);
        triage.enable(flood);
        triage.send(status(gw1, ONLINE, START.minus(Duration.ofHours(1))));
    }

    @AfterEach
    void close() {
        triage.close();
    }

    private Finding.ConditionChange above(DeviceRecord device, double value) {
        return threshold(flood, device, true, triage.now(), triage.now(), value, Health.good());
    }

    @Test
    void aStuckSensorCrossingTheThresholdIsADeviceFaultWithTheStuckSignalAndAQuarantineProposal() {
        triage.send(threshold(flood, fl1, true, START, START, 2.1, stuck()));

        var alert = triage.alerts().getFirst();
        assertThat(alert.transition()).isEqualTo(Transition.RAISED);
        assertThat(alert.revision()).isZero();
        assertThat(alert.alertId()).isEqualTo(AlertEvent.alertIdOf("flood/fl-1", START));
        assertThat(alert.cause()).isEqualTo(Cause.DEVICE_FAULT);
        assertThat(alert.signals()).extracting(Signal::name).containsExactly("stuck-value");
        assertThat(alert.causeExplanation()).startsWith("fl-1 reports a fault of its own: stuck-value");
        assertThat(alert.proposal()).isNotNull();
        assertThat(alert.proposal().deviceId()).isEqualTo("fl-1");
        assertThat(alert.proposal().proposalId()).isEqualTo("quarantine/fl-1/" + alert.alertId());
        assertThat(alert.title()).isEqualTo("Flood level high at fl-1");
        assertThat(alert.severity()).isEqualTo(Severity.MAJOR);
        assertThat(alert.recommendedAction()).isEqualTo("Close the underpass");
        assertThat(alert.ruleId()).isEqualTo("flood");
        assertThat(alert.ruleVersion()).isEqualTo(1);
        assertThat(alert.gatewayId()).isEqualTo("gw-1");
        assertThat(alert.district()).isEqualTo("north");
        assertThat(alert.department()).isEqualTo("water");
        assertThat(alert.latitude()).isEqualTo(52.0);
        assertThat(alert.evidence().readings()).singleElement().extracting(AlertEvent.EvidenceReading::value)
                .isEqualTo(2.1);
        assertThat(triage.metrics.latencies).containsExactly(0L);
    }

    @Test
    void threeNeighboursInTheConditionAreAnIncidentAndTheFirstAlertIsUpdatedFromSingleSensorToConfirmed() {
        triage.send(above(fl1, 1.8));
        triage.advance(Duration.ofSeconds(20));
        triage.send(above(fl2, 1.9));
        triage.advance(Duration.ofSeconds(20));
        triage.send(above(fl3, 2.0));

        var first = triage.alertsOf("flood/fl-1");
        assertThat(first).extracting(AlertEvent::transition).containsExactly(Transition.RAISED, Transition.UPDATED);
        assertThat(first.get(0).cause()).isEqualTo(Cause.INCIDENT);
        assertThat(first.get(0).causeExplanation())
                .isEqualTo("one sensor, health good: values vary, no diagnostics, gateway online");
        assertThat(first.get(1).cause()).isEqualTo(Cause.INCIDENT);
        assertThat(first.get(1).causeExplanation())
                .isEqualTo("confirmed by 3 flood-level sensors within 1 km (fl-1, fl-2, fl-3)");
        assertThat(first.get(1).signals()).extracting(Signal::name).containsExactly("neighbours-confirm");
        assertThat(first.get(1).revision()).isEqualTo(1);
        assertThat(triage.alertsOf("flood/fl-3")).singleElement().extracting(AlertEvent::causeExplanation)
                .isEqualTo("confirmed by 3 flood-level sensors within 1 km (fl-1, fl-2, fl-3)");
        assertThat(triage.alertsOf("flood/fl-2").getLast().causeExplanation())
                .isEqualTo("confirmed by 3 flood-level sensors within 1 km (fl-1, fl-2, fl-3)");
    }

    @Test
    void aConfirmationLostWhenANeighbourClearsIsUpdatedBackToASingleSensor() {
        triage.send(above(fl1, 1.8));
        triage.send(above(fl2, 1.9));
        triage.send(above(fl3, 2.0));
        triage.advance(Duration.ofMinutes(5));
        triage.send(threshold(flood, fl3, false, START, triage.now(), 1.0, Health.good()));

        assertThat(triage.alertsOf("flood/fl-3").getLast().transition()).isEqualTo(Transition.CLEARED);
        assertThat(triage.alertsOf("flood/fl-1").getLast().causeExplanation())
                .startsWith("one sensor, health good");
    }

    @Test
    void aSensorBeyondTheLevelWhileItsNeighboursReadFarBelowIsADeviceFault() {
        triage.send(sample(fl2, 0.2, START));
        triage.send(sample(fl3, 0.3, START));
        triage.advance(Duration.ofSeconds(30));
        triage.send(above(fl1, 2.4));

        var alert = triage.alertsOf("flood/fl-1").getFirst();
        assertThat(alert.cause()).isEqualTo(Cause.DEVICE_FAULT);
        assertThat(alert.causeExplanation()).isEqualTo("fl-1 reads water_level 2.4 while its 2 flood-level neighbours"
                + " within 1 km read 0.2–0.3 (fl-2, fl-3): the sensor disagrees with its neighbours");
        assertThat(alert.signals()).extracting(Signal::name).containsExactly("neighbours-disagree");
        assertThat(alert.proposal().proposalId()).isEqualTo("quarantine/fl-1/" + alert.alertId());
    }

    @Test
    void neighboursWhoseSamplesAreStaleDoNotOutvoteASensor() {
        triage.send(sample(fl2, 0.2, START));
        triage.send(sample(fl3, 0.3, START));
        triage.advance(Duration.ofMinutes(10));
        triage.send(above(fl1, 2.4));

        assertThat(triage.alertsOf("flood/fl-1").getFirst().cause()).isEqualTo(Cause.INCIDENT);
    }

    @Test
    void theSameConditionChangeTwiceRaisesOnce() {
        var change = above(fl1, 1.8);
        triage.send(change);
        triage.send(change);

        assertThat(triage.alerts()).singleElement().extracting(AlertEvent::transition).isEqualTo(Transition.RAISED);
    }

    @Test
    void aRepeatedActiveConditionWithNewEvidenceUpdatesTheOpenAlertAndItsEndClearsIt() {
        triage.send(above(fl1, 1.8));
        triage.advance(Duration.ofMinutes(1));
        triage.send(threshold(flood, fl1, true, START, triage.now(), 2.2, Health.good()));
        triage.advance(Duration.ofMinutes(1));
        triage.send(threshold(flood, fl1, false, START, triage.now(), 1.1, Health.good()));

        var alerts = triage.alertsOf("flood/fl-1");
        assertThat(alerts).extracting(AlertEvent::transition)
                .containsExactly(Transition.RAISED, Transition.UPDATED, Transition.CLEARED);
        assertThat(alerts).extracting(AlertEvent::alertId).containsOnly(AlertEvent.alertIdOf("flood/fl-1", START));
        assertThat(alerts).extracting(AlertEvent::revision).containsExactly(0, 1, 2);
        assertThat(alerts.getLast().time()).isEqualTo(START.plus(Duration.ofMinutes(2)));
    }

    @Test
    void aQuarantinedDeviceRaisesNothingNewAndItsDeviceFaultAlertStaysOpenUntilTheQuarantineIsLifted() {
        triage.send(new Finding.HealthChange(context(fl1), stuck(), false, START, null));
        triage.register(Fixtures.quarantined(fl1));
        triage.advance(Duration.ofMinutes(1));
        triage.send(new Finding.HealthChange(context(fl1), Health.good(), true, triage.now(), null));
        triage.send(above(fl1, 2.5));
        triage.send(new Finding.GroupMember(Fixtures.ref(Fixtures.groupRule("grp")), Fixtures.groupCondition(),
                context(fl1), true, 2.5, triage.now()));
        var whileQuarantined = triage.alerts();
        triage.register(fl1);
        triage.advance(Duration.ofMinutes(1));
        triage.send(new Finding.HealthChange(context(fl1), Health.good(), false, triage.now(), null));

        assertThat(whileQuarantined).extracting(AlertEvent::conditionKey).containsOnly("device-health/fl-1");
        assertThat(whileQuarantined).extracting(AlertEvent::transition)
                .containsExactly(Transition.RAISED, Transition.UPDATED);
        var raised = whileQuarantined.getFirst();
        assertThat(raised.cause()).isEqualTo(Cause.DEVICE_FAULT);
        assertThat(raised.severity()).isEqualTo(Severity.WARNING);
        assertThat(raised.recommendedAction()).contains("recalibrate");
        assertThat(raised.signals()).extracting(Signal::name).containsExactly("stuck-value");
        assertThat(raised.proposal()).isNotNull();
        assertThat(whileQuarantined.getLast().causeExplanation()).contains("stays open until the quarantine is lifted");
        assertThat(triage.alerts().getLast().transition()).isEqualTo(Transition.CLEARED);
    }

    @Test
    void aDeviceFaultIsProposedForQuarantineOnlyOnceItPersistsAndClearsWhenTheFaultsAreGone() {
        var selfDiagnostic = new Health(List.of(new Signal("self-diagnostic", "sensor reports error 17")));
        triage.send(new Finding.HealthChange(context(fl1), selfDiagnostic, false, START, null));
        triage.advance(Duration.ofMinutes(5));
        triage.send(new Finding.HealthChange(context(fl1), selfDiagnostic, false, triage.now(), null));
        triage.advance(Duration.ofMinutes(5));
        triage.send(new Finding.HealthChange(context(fl1), Health.good(), false, triage.now(), null));

        var alerts = triage.alertsOf("device-health/fl-1");
        assertThat(alerts).extracting(AlertEvent::transition)
                .containsExactly(Transition.RAISED, Transition.UPDATED, Transition.CLEARED);
        assertThat(alerts.get(0).proposal()).isNull();
        assertThat(alerts.get(1).proposal()).isNotNull();
        assertThat(alerts.get(1).proposal().proposalId()).isEqualTo("quarantine/fl-1/" + alerts.get(0).alertId());
        assertThat(alerts.get(2).causeExplanation()).isEqualTo("fl-1 reports no fault since 08:10");
    }

    @Test
    void aHealthFaultAppearingOnADeviceWithAnOpenIncidentTurnsItIntoADeviceFault() {
        triage.send(above(fl1, 1.8));
        triage.advance(Duration.ofMinutes(1));
        triage.send(new Finding.HealthChange(context(fl1), stuck(), false, triage.now(), null));

        var alerts = triage.alertsOf("flood/fl-1");
        assertThat(alerts).extracting(AlertEvent::cause).containsExactly(Cause.INCIDENT, Cause.DEVICE_FAULT);
    }

    @Test
    void aSingleSensorIncidentIsJudgedAgainWhenItsGatewayGoesOfflineAndComesBack() {
        triage.send(above(fl1, 1.8));
        triage.advance(Duration.ofSeconds(10));
        triage.send(status(gw1, city.urbanops.events.gateway.GatewayStatusEvent.Connectivity.OFFLINE, triage.now()));
        triage.advance(Duration.ofSeconds(10));
        triage.send(status(gw1, ONLINE, triage.now()));

        assertThat(triage.alertsOf("flood/fl-1")).extracting(AlertEvent::causeExplanation).containsExactly(
                "one sensor, health good: values vary, no diagnostics, gateway online",
                "one sensor, health good: values vary, no diagnostics, gateway offline (its readings arrived before"
                        + " or after the outage)",
                "one sensor, health good: values vary, no diagnostics, gateway online");
    }
}
