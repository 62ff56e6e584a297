package city.urbanops.rules.triage;

import static city.urbanops.events.gateway.GatewayStatusEvent.Connectivity.OFFLINE;
import static city.urbanops.events.gateway.GatewayStatusEvent.Connectivity.ONLINE;
import static city.urbanops.rules.triage.Fixtures.absence;
import static city.urbanops.rules.triage.Fixtures.gateway;
import static city.urbanops.rules.triage.Fixtures.sensor;
import static city.urbanops.rules.triage.Fixtures.status;
import static city.urbanops.rules.triage.TriageHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.events.registry.DeviceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkTriageTest {

    private final TriageHarness triage = new TriageHarness();
    private final city.urbanops.rules.rule.RuleRelease silence = Fixtures.absenceRule("silence");

    @AfterEach
    void close() {
        triage.close();
    }

    private List<DeviceRecord> devicesBehind(DeviceRecord gateway, int count) {
        var devices = new ArrayList<DeviceRecord>();
        for (int i = 0; i < count; i++) {
            devices.add(sensor(gateway.deviceId() + "-s" + i, "flood-level", gateway.deviceId(), gateway.district(),
                    52.0 + i * 0.0001));
        }
        triage.register(gateway);
        triage.register(devices.toArray(DeviceRecord[]::new));
        triage.enable(silence);
        return devices;
    }

    @Test
    void aGatewayOfflineWithFiveHundredSilentDevicesIsOneNetworkFaultAndNoDeviceAlertThenClearsWhenItIsBack() {
        var gw7 = gateway("gw-7", "north");
        var devices = devicesBehind(gw7, 500);

        triage.send(status(gw7, OFFLINE, START));
        triage.advance(Duration.ofSeconds(35));
        triage.advance(Duration.ofMinutes(10));
        devices.forEach(d -> triage.send(absence(silence, d, START, START.plus(Duration.ofMinutes(10)))));
        triage.advance(Duration.ofSeconds(5));
        triage.advance(Duration.ofMinutes(4));
        triage.send(status(gw7, ONLINE, START.plus(Duration.ofMinutes(14))));
        devices.forEach(d -> triage.send(absence(silence, d, false, START, START.plus(Duration.ofMinutes(14)))));
        triage.advance(Duration.ofMinutes(1));

        var alerts = triage.alerts();
        assertThat(alerts).extracting(AlertEvent::conditionKey).containsOnly("network/gateway/gw-7");
        assertThat(alerts).extracting(AlertEvent::transition)
                .containsExactly(Transition.RAISED, Transition.UPDATED, Transition.CLEARED);
        var raised = alerts.getFirst();
        assertThat(raised.cause()).isEqualTo(Cause.NETWORK_FAULT);
        assertThat(raised.causeExplanation()).isEqualTo("gw-7 lost its connection (CONNECTION_LOST) at 08:00; the"
                + " 500 devices behind it cannot report until it is back");
        assertThat(raised.alertId()).isEqualTo(AlertEvent.alertIdOf("network/gateway/gw-7", START));
        assertThat(raised.gatewayId()).isEqualTo("gw-7");
        assertThat(raised.district()).isEqualTo("north");
        var updated = alerts.get(1);
        assertThat(updated.suppressedCount()).isEqualTo(500);
        assertThat(updated.suppressed()).hasSize(500).contains("silence/gw-7-s0", "silence/gw-7-s499");
        assertThat(updated.revision()).isEqualTo(1);
        assertThat(updated.causeExplanation()).isEqualTo("gw-7 lost its connection (CONNECTION_LOST) at 08:00;"
                + " 500 devices behind it are silent because of it");
        var cleared = alerts.get(2);
        assertThat(cleared.causeExplanation()).isEqualTo("gw-7 back at 08:14 after 14 min");
        assertThat(cleared.suppressedCount()).isEqualTo(500);
        assertThat(triage.metrics.suppressed).isEqualTo(500);
    }

    @Test
    void aGatewayBackReplaysItsBufferWithinTheLateGraceAndOnlyADeviceStillSilentAfterItIsRaised() {
        var gw7 = gateway("gw-7", "north");
        var devices = devicesBehind(gw7, 20);
        triage.send(status(gw7, OFFLINE, START));
        triage.advance(Duration.ofSeconds(35));
        devices.forEach(d -> triage.send(absence(silence, d, START, START.plusSeconds(35))));
        triage.advance(Duration.ofMinutes(5));
        var back = START.plus(Duration.ofMinutes(5));

        // Back: its buffer replays slower than the settle, but within the late grace; one device stays silent.
        triage.send(status(gw7, ONLINE, back));
        triage.advance(Duration.ofSeconds(90));
        devices.subList(1, devices.size()).forEach(d -> triage.send(absence(silence, d, false, START,
                back.plusSeconds(90))));
        triage.advance(Duration.ofSeconds(45));

        var raised = triage.alerts().stream().filter(alert -> alert.transition() == Transition.RAISED).toList();
        assertThat(raised).extracting(AlertEvent::conditionKey)
                .containsExactly("network/gateway/gw-7", "silence/" + devices.getFirst().deviceId());
        assertThat(raised.getLast().cause()).isEqualTo(Cause.DEVICE_FAULT);
    }

    @Test
    void silencesArrivingBeforeTheSettleAreListedInTheRaisedNetworkFault() {
        var gw7 = gateway("gw-7", "north");
        var devices = devicesBehind(gw7, 3);

        triage.send(status(gw7, OFFLINE, START));
        triage.advance(Duration.ofSeconds(10));
        devices.forEach(d -> triage.send(absence(silence, d, START, START.plusSeconds(10))));
        triage.advance(Duration.ofSeconds(30));

        assertThat(triage.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.conditionKey()).isEqualTo("network/gateway/gw-7");
            assertThat(alert.suppressedCount()).isEqualTo(3);
            assertThat(alert.causeExplanation()).endsWith("3 devices behind it are silent because of it");
        });
    }

    @Test
    void aGatewayBackWithinTheSettleRaisesNothing() {
        var gw7 = gateway("gw-7", "north");
        devicesBehind(gw7, 5);

        triage.send(status(gw7, OFFLINE, START));
        triage.advance(Duration.ofSeconds(10));
        triage.send(status(gw7, ONLINE, START.plusSeconds(10)));
        triage.advance(Duration.ofMinutes(2));

        assertThat(triage.alerts()).isEmpty();
    }

    @Test
    void anOldOfflineOnlinePairReplayedOnAFirstStartRaisesNothing() {
        var gw7 = gateway("gw-7", "north");
        devicesBehind(gw7, 5);

        triage.send(status(gw7, OFFLINE, START.minus(Duration.ofHours(3))));
        triage.send(status(gw7, ONLINE, START.minus(Duration.ofHours(2))));
        triage.advance(Duration.ofMinutes(2));

        assertThat(triage.alerts()).isEmpty();
    }

    @Test
    void aSlowReplayOfGatewayHistoryRaisesNothingForAnOutageThatTheSameHistoryEnds() {
        var gw7 = gateway("gw-7", "north");
        var gw8 = gateway("gw-8", "south");
        devicesBehind(gw7, 5);
        var history = START.minus(Duration.ofHours(3));

        triage.send(status(gw7, OFFLINE, history));
        for (int i = 1; i <= 4; i++) {
            triage.advance(Duration.ofSeconds(20));
            triage.send(status(gw8, i % 2 == 0 ? ONLINE : OFFLINE, history.plusSeconds(60L * i)));
        }
        triage.send(status(gw8, ONLINE, history.plusSeconds(300)));
        triage.send(status(gw7, ONLINE, history.plus(Duration.ofHours(1))));
        triage.advance(Duration.ofMinutes(2));

        assertThat(triage.alerts()).isEmpty();
    }

    @Test
    void anOldOfflineThatNoOnlineFollowsIsAnOutageStillGoingOn() {
        var gw7 = gateway("gw-7", "north");
        devicesBehind(gw7, 5);

        triage.send(status(gw7, OFFLINE, START.minus(Duration.ofHours(3))));
        triage.advance(Duration.ofMinutes(1));

        assertThat(triage.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.conditionKey()).isEqualTo("network/gateway/gw-7");
            assertThat(alert.raisedAt()).isEqualTo(START.minus(Duration.ofHours(3)));
        });
    }

    @Test
    void threeGatewaysOfADistrictDownTogetherAreOneDistrictAlertThatClearsWhenAllAreBack() {
        var gateways = List.of(gateway("gw-1", "north"), gateway("gw-2", "north"), gateway("gw-3", "north"));
        gateways.forEach(g -> devicesBehind(g, 2));

        triage.send(status(gateways.get(0), OFFLINE, START));
        triage.advance(Duration.ofSeconds(5));
        triage.send(status(gateways.get(1), OFFLINE, START.plusSeconds(5)));
        triage.advance(Duration.ofSeconds(7));
        triage.send(status(gateways.get(2), OFFLINE, START.plusSeconds(12)));
        triage.advance(Duration.ofSeconds(30));
        var raised = triage.alerts();
        triage.advance(Duration.ofMinutes(5));
        for (var g : gateways) {
            triage.send(status(g, ONLINE, START.plus(Duration.ofMinutes(6))));
        }
        triage.advance(Duration.ofSeconds(5));

        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.conditionKey()).isEqualTo("network/district/north");
            assertThat(alert.cause()).isEqualTo(Cause.NETWORK_FAULT);
            assertThat(alert.causeExplanation())
                    .isEqualTo("3 gateways of north went down within 12 s: power or backhaul loss");
        });
        var alerts = triage.alerts();
        assertThat(alerts).extracting(AlertEvent::conditionKey).containsOnly("network/district/north");
        assertThat(alerts.getLast().transition()).isEqualTo(Transition.CLEARED);
        assertThat(alerts.getLast().causeExplanation()).isEqualTo("all 3 gateways of north back at 08:06 after 6 min");
    }

    @Test
    void aGatewayAlertAlreadyRaisedIsClearedAsExplainedByTheDistrictAlertThatFormsAfter() {
        var gw1 = gateway("gw-1", "north");
        var gw2 = gateway("gw-2", "north");
        devicesBehind(gw1, 2);
        devicesBehind(gw2, 2);

        triage.send(status(gw1, OFFLINE, START));
        triage.advance(Duration.ofSeconds(35));
        // gw-2 went down 25 s after gw-1, but its status reached triage late
        triage.send(status(gw2, OFFLINE, START.plusSeconds(25)));
        triage.advance(Duration.ofSeconds(35));

        var alerts = triage.alerts();
        assertThat(alerts).extracting(AlertEvent::conditionKey, AlertEvent::transition).containsExactly(
                org.assertj.core.groups.Tuple.tuple("network/gateway/gw-1", Transition.RAISED),
                org.assertj.core.groups.Tuple.tuple("network/gateway/gw-1", Transition.CLEARED),
                org.assertj.core.groups.Tuple.tuple("network/district/north", Transition.RAISED));
        assertThat(alerts.get(1).explainedBy()).isEqualTo("network/district/north");
    }

    @Test
    void allDevicesBehindAnOnlineGatewayFallingSilentTogetherAreOneGatewayAlert() {
        var gw8 = gateway("gw-8", "south");
        var devices = devicesBehind(gw8, 10);
        triage.send(status(gw8, ONLINE, START));

        triage.advance(Duration.ofMinutes(10));
        for (int i = 0; i < devices.size(); i++) {
            var silentSince = START.plusSeconds(2L * i);
            triage.send(absence(silence, devices.get(i), silentSince, silentSince.plus(Duration.ofMinutes(10))));
        }
        triage.advance(Duration.ofSeconds(35));
        var raised = triage.alerts();
        devices.forEach(d -> triage.send(absence(silence, d, false, START, START.plus(Duration.ofMinutes(12)))));

        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.conditionKey()).isEqualTo("network/gateway/gw-8");
            assertThat(alert.cause()).isEqualTo(Cause.NETWORK_FAULT);
            assertThat(alert.causeExplanation()).isEqualTo("all 10 devices behind gw-8 fell silent within 18 s while"
                    + " it still reports connected: its field network or radio is down");
            assertThat(alert.suppressedCount()).isEqualTo(10);
        });
        assertThat(triage.alerts().getLast().transition()).isEqualTo(Transition.CLEARED);
        assertThat(triage.alerts()).hasSize(2);
    }

    @Test
    void oneDeviceSilentBehindAnOnlineGatewayIsThatDevicesFault() {
        var gw8 = gateway("gw-8", "south");
        var devices = devicesBehind(gw8, 10);
        triage.send(status(gw8, ONLINE, START));
        triage.advance(Duration.ofMinutes(10));

        triage.send(absence(silence, devices.get(3), START, START.plus(Duration.ofMinutes(10))));
        triage.advance(Duration.ofSeconds(20));
        var beforeSettle = triage.alerts();
        triage.advance(Duration.ofSeconds(15));

        assertThat(beforeSettle).isEmpty();
        assertThat(triage.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.conditionKey()).isEqualTo("silence/gw-8-s3");
            assertThat(alert.cause()).isEqualTo(Cause.DEVICE_FAULT);
            assertThat(alert.causeExplanation())
                    .isEqualTo("gw-8 is online and its other devices report; only this one is silent");
            assertThat(alert.deviceId()).isEqualTo("gw-8-s3");
            assertThat(alert.ruleId()).isEqualTo("silence");
            assertThat(alert.severity()).isEqualTo(AlertEvent.Severity.WARNING);
        });
    }

    @Test
    void aSilenceThatEndsWithinTheSettleRaisesNothing() {
        var gw8 = gateway("gw-8", "south");
        var devices = devicesBehind(gw8, 10);
        triage.send(status(gw8, ONLINE, START));

        triage.send(absence(silence, devices.get(3), START, START.plusSeconds(1)));
        triage.advance(Duration.ofSeconds(10));
        triage.send(absence(silence, devices.get(3), false, START, START.plusSeconds(11)));
        triage.advance(Duration.ofMinutes(1));

        assertThat(triage.alerts()).isEmpty();
    }

    @Test
    void aGatewayBackFromADistrictOutageNoLongerExplainsItsDevicesButTheirResumptionRaisesNothing() {
        var gw1 = gateway("gw-1", "north");
        var gw2 = gateway("gw-2", "north");
        var behind1 = devicesBehind(gw1, 2);
        var behind2 = devicesBehind(gw2, 2);
        triage.send(status(gw1, OFFLINE, START));
        triage.send(status(gw2, OFFLINE, START.plusSeconds(3)));
        triage.advance(Duration.ofSeconds(35));
        triage.advance(Duration.ofMinutes(10));
        var silentSince = START.plus(Duration.ofMinutes(10));
        behind1.forEach(d -> triage.send(absence(silence, d, START, silentSince)));
        behind2.forEach(d -> triage.send(absence(silence, d, START, silentSince)));
        triage.advance(Duration.ofSeconds(5));

        triage.send(status(gw1, ONLINE, START.plus(Duration.ofMinutes(11))));
        behind1.forEach(d -> triage.send(absence(silence, d, false, START, START.plus(Duration.ofMinutes(11)))));
        triage.advance(Duration.ofMinutes(2));
        var partlyBack = triage.alerts().getLast();
        triage.send(status(gw2, ONLINE, START.plus(Duration.ofMinutes(14))));
        behind2.forEach(d -> triage.send(absence(silence, d, false, START, START.plus(Duration.ofMinutes(14)))));
        triage.advance(Duration.ofMinutes(2));

        assertThat(partlyBack.causeExplanation()).isEqualTo("2 gateways of north went down within 3 s: power or"
                + " backhaul loss; 1 of them is back; 4 devices silent because of it");
        var alerts = triage.alerts();
        assertThat(alerts).extracting(AlertEvent::conditionKey).containsOnly("network/district/north");
        assertThat(alerts).extracting(AlertEvent::transition).containsExactly(Transition.RAISED,
                Transition.UPDATED, Transition.UPDATED, Transition.CLEARED);
        assertThat(alerts.getLast().suppressedCount()).isEqualTo(4);
    }

    @Test
    void aGatewayOfTheDistrictGoingDownLaterJoinsTheDistrictAlertInsteadOfRaisingItsOwn() {
        var gw1 = gateway("gw-1", "north");
        var gw2 = gateway("gw-2", "north");
        var gw3 = gateway("gw-3", "north");
        List.of(gw1, gw2, gw3).forEach(g -> devicesBehind(g, 1));
        triage.send(status(gw1, OFFLINE, START));
        triage.send(status(gw2, OFFLINE, START.plusSeconds(4)));
        triage.advance(Duration.ofMinutes(2));

        triage.send(status(gw3, OFFLINE, START.plus(Duration.ofMinutes(2))));
        triage.advance(Duration.ofSeconds(35));

        var alerts = triage.alerts();
        assertThat(alerts).extracting(AlertEvent::conditionKey).containsOnly("network/district/north");
        assertThat(alerts).extracting(AlertEvent::transition).containsExactly(Transition.RAISED, Transition.UPDATED);
        assertThat(alerts.getLast().causeExplanation())
                .isEqualTo("3 gateways of north went down within 2 min: power or backhaul loss");
    }
}
