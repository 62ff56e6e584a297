package city.urbanops.rules.triage;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.rules.triage.NetworkFaultPolicy.Outage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkFaultPolicyTest {

    private static final Instant T = Instant.parse("2026-11-30T08:02:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static Outage outage(String gatewayId, long secondsAfter) {
        return new Outage(gatewayId, GatewayStatusEvent.Cause.CONNECTION_LOST, T.plusSeconds(secondsAfter));
    }

    @Test
    void aGatewayOfflineExplainsTheSilenceOfTheDevicesBehindIt() {
        var verdict = NetworkFaultPolicy.gatewayOffline(outage("gw-7", 0), 500, 500);

        assertThat(verdict.cause()).isEqualTo(Cause.NETWORK_FAULT);
        assertThat(verdict.explanation()).isEqualTo("gw-7 lost its connection (CONNECTION_LOST) at 08:02; 500 devices"
                + " behind it are silent because of it");
        assertThat(NetworkFaultPolicy.gatewayOffline(outage("gw-7", 0), 500, 0).explanation())
                .endsWith("the 500 devices behind it cannot report until it is back");
    }

    @Test
    void aPlannedDisconnectIsNamedAsSuch() {
        var planned = new Outage("gw-7", GatewayStatusEvent.Cause.CLIENT_DISCONNECT, T);
        assertThat(NetworkFaultPolicy.gatewayOffline(planned, 3, 0).explanation())
                .startsWith("gw-7 disconnected on purpose (CLIENT_DISCONNECT) at 08:02");
    }

    @Test
    void gatewaysDownWithinTheSettleOfEachOtherAreAPowerLossWhenThereAreEnoughOfThem() {
        var offline = List.of(outage("gw-1", 0), outage("gw-2", 8), outage("gw-3", 20), outage("gw-9", 300));

        assertThat(NetworkFaultPolicy.powerLoss(offline, SETTLE, 3)).hasValueSatisfying(cluster ->
                assertThat(cluster).extracting(Outage::gatewayId).containsExactly("gw-1", "gw-2", "gw-3"));
        assertThat(NetworkFaultPolicy.powerLoss(offline, SETTLE, 4)).isEmpty();
        assertThat(NetworkFaultPolicy.powerLoss(List.of(outage("gw-1", 0), outage("gw-2", 31)), SETTLE, 2))
                .isEmpty();
    }

    @Test
    void aDistrictLossSaysHowManyGatewaysWentDownWithinHowLong() {
        var members = List.of(outage("gw-1", 0), outage("gw-2", 5), outage("gw-3", 12), outage("gw-4", 20));

        assertThat(NetworkFaultPolicy.districtLoss("north", members, 0, 0).explanation())
                .isEqualTo("4 gateways of north went down within 20 s: power or backhaul loss");
        assertThat(NetworkFaultPolicy.districtLoss("north", members, 1, 1200).explanation())
                .isEqualTo("4 gateways of north went down within 20 s: power or backhaul loss; 1 of them is back;"
                        + " 1200 devices silent because of it");
    }

    @Test
    void enoughOfAGatewaysDevicesSilentTogetherAreItsFault() {
        var verdict = NetworkFaultPolicy.silentTogether("gw-7", 480, 480, SETTLE, 0.8).orElseThrow();

        assertThat(verdict.cause()).isEqualTo(Cause.NETWORK_FAULT);
        assertThat(verdict.explanation()).isEqualTo("all 480 devices behind gw-7 fell silent within 30 s while it"
                + " still reports connected: its field network or radio is down");
        assertThat(NetworkFaultPolicy.silentTogether("gw-7", 400, 480, SETTLE, 0.8).orElseThrow().explanation())
                .startsWith("400 of its 480 devices behind gw-7");
    }

    @Test
    void tooFewSilentDevicesOrASingleOneAreNotTheGatewaysFault() {
        assertThat(NetworkFaultPolicy.silentTogether("gw-7", 383, 480, SETTLE, 0.8)).isEmpty();
        assertThat(NetworkFaultPolicy.silentTogether("gw-7", 1, 1, SETTLE, 0.8)).isEmpty();
        assertThat(NetworkFaultPolicy.silentTogether("gw-7", 3, 0, SETTLE, 0.8)).isEmpty();
    }

    @Test
    void aSilenceNoNetworkFaultExplainsIsTheDevicesOwn() {
        var verdict = NetworkFaultPolicy.silentAlone("s-3", "gw-7", true, 1, 480);

        assertThat(verdict.cause()).isEqualTo(Cause.DEVICE_FAULT);
        assertThat(verdict.explanation()).isEqualTo("gw-7 is online and its other devices report; only this one is"
                + " silent");
    }

    @Test
    void aGatewayBackSaysWhenAndAfterHowLong() {
        assertThat(NetworkFaultPolicy.gatewayBack(outage("gw-7", 0), T.plus(Duration.ofMinutes(14))))
                .isEqualTo("gw-7 back at 08:16 after 14 min");
    }
}
