package city.urbanops.rules.triage;

import static city.urbanops.rules.triage.Fixtures.STEP;
import static city.urbanops.rules.triage.Fixtures.context;
import static city.urbanops.rules.triage.Fixtures.sensor;
import static city.urbanops.rules.triage.TriageHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.Finding;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupCountTriageTest {

    private final TriageHarness triage = new TriageHarness();
    private final RuleRelease rule = Fixtures.groupRule("grp");
    private final DeviceRecord fl1 = sensor("fl-1", "flood-level", "gw-1", "north", 52.0);
    private final DeviceRecord fl2 = sensor("fl-2", "flood-level", "gw-1", "north", 52.0 + 20 * STEP);
    private final DeviceRecord fl3 = sensor("fl-3", "flood-level", "gw-2", "north", 52.0 + 40 * STEP);

    @BeforeEach
    void city() {
        triage.register(fl1, fl2, fl3);
        triage.enable(rule);
    }

    @AfterEach
    void close() {
        triage.close();
    }

    private Finding.GroupMember member(DeviceRecord device, boolean beyond, double value, Instant time) {
        return new Finding.GroupMember(Fixtures.ref(rule), Fixtures.groupCondition(), context(device), beyond, value,
                time);
    }

    private void threeBeyondWithinTheWindow() {
        triage.send(member(fl1, true, 1.7, START));
        triage.advance(Duration.ofMinutes(1));
        triage.send(member(fl2, true, 1.8, START.plus(Duration.ofMinutes(1))));
        triage.advance(Duration.ofMinutes(1));
        triage.send(member(fl3, true, 1.9, START.plus(Duration.ofMinutes(2))));
    }

    @Test
    void threeDevicesOfADistrictBeyondTheLevelWithinTheWindowAreOneIncidentThatClearsWhenOneLeaves() {
        threeBeyondWithinTheWindow();
        var raised = triage.alerts();
        triage.send(member(fl2, false, 1.2, START.plus(Duration.ofMinutes(3))));

        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.conditionKey()).isEqualTo("grp/district:north");
            assertThat(alert.cause()).isEqualTo(Cause.INCIDENT);
            assertThat(alert.causeExplanation()).isEqualTo("3 devices of district:north water_level above 1.5 within"
                    + " 10 min: fl-1 1.7, fl-2 1.8, fl-3 1.9");
            assertThat(alert.raisedAt()).isEqualTo(START);
            assertThat(alert.evidence().readings()).extracting(AlertEvent.EvidenceReading::deviceId)
                    .containsExactly("fl-1", "fl-2", "fl-3");
            assertThat(alert.ruleId()).isEqualTo("grp");
            assertThat(alert.district()).isEqualTo("north");
        });
        assertThat(triage.alerts()).extracting(AlertEvent::transition)
                .containsExactly(Transition.RAISED, Transition.CLEARED);
    }

    @Test
    void twoDevicesBeyondTheLevelRaiseNothing() {
        triage.send(member(fl1, true, 1.7, START));
        triage.send(member(fl2, true, 1.8, START.plusSeconds(30)));
        triage.advance(Duration.ofMinutes(1));

        assertThat(triage.alerts()).isEmpty();
    }

    @Test
    void membersTooFarApartInEventTimeAreNotCountedTogether() {
        triage.send(member(fl1, true, 1.7, START));
        triage.send(member(fl2, true, 1.8, START.plus(Duration.ofMinutes(11))));
        triage.send(member(fl3, true, 1.9, START.plus(Duration.ofMinutes(12))));

        assertThat(triage.alerts()).isEmpty();
    }

    @Test
    void theIncidentClearsWhenItsFirstMemberExpiresFromTheWindowOnTheWallClock() {
        threeBeyondWithinTheWindow();
        triage.advance(Duration.ofMinutes(9));
        var beforeExpiry = triage.alerts();
        triage.advance(Duration.ofMinutes(2));

        assertThat(beforeExpiry).extracting(AlertEvent::transition).containsExactly(Transition.RAISED);
        assertThat(triage.alerts()).extracting(AlertEvent::transition)
                .containsExactly(Transition.RAISED, Transition.CLEARED);
    }

    @Test
    void aMemberArrivingLateFromBeforeTheWindowIsNotCounted() {
        triage.send(member(fl1, true, 1.7, START.plus(Duration.ofMinutes(12))));
        triage.send(member(fl2, true, 1.8, START.plus(Duration.ofMinutes(13))));
        triage.send(member(fl3, true, 1.9, START));

        assertThat(triage.alerts()).isEmpty();
    }
}
