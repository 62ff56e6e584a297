package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.events.gateway.GatewayStatusEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether silences are the network's fault: a gateway offline, every device behind an online gateway silent at
 * once, or several gateways of one district down together (power or backhaul). One network fault explains the
 * device silences behind it, which are then not raised on their own.
 */
final class NetworkFaultPolicy {

    private NetworkFaultPolicy() {
    }

    /** A gateway offline since {@code since} (event time) for {@code cause}. */
    record Outage(String gatewayId, GatewayStatusEvent.Cause cause, Instant since) {
    }

    /** The condition key of a gateway's network fault. */
    static String gatewayKey(String gatewayId) {
        return "network/gateway/" + gatewayId;
    }

    /** The condition key of a district-wide network fault. */
    static String districtKey(String district) {
        return "network/district/" + district;
    }

    /** A gateway stayed offline past the settle time. */
    static Verdict gatewayOffline(Outage outage, int devicesBehind, int silentExplained) {
        var silence = silentExplained > 0
                ? Wording.count(silentExplained, "device") + " behind it are silent because of it"
                : "the " + Wording.count(devicesBehind, "device") + " behind it cannot report until it is back";
        var explanation = outage.gatewayId() + " " + lost(outage.cause()) + " (" + outage.cause() + ") at "
                + Wording.clock(outage.since()) + "; " + silence;
        return new Verdict(Cause.NETWORK_FAULT, explanation, List.of(
                new Signal("gateway-offline", outage.gatewayId() + " offline since " + Wording.clock(outage.since())
                        + " (" + outage.cause() + ")"),
                new Signal("devices-silent", Wording.count(silentExplained, "device silence") + " explained, "
                        + Wording.count(devicesBehind, "active device") + " behind the gateway")));
    }

    /**
     * The largest set of offline gateways whose outages began within {@code settle} of each other, when it has at
     * least {@code minGateways}: that many gateways of one district do not fail independently within seconds.
     */
    static Optional<List<Outage>> powerLoss(List<Outage> offline, Duration settle, int minGateways) {
        var byTime = offline.stream().sorted(Comparator.comparing(Outage::since)).toList();
        List<Outage> best = List.of();
        for (int first = 0; first < byTime.size(); first++) {
            int last = first;
            while (last + 1 < byTime.size() && Duration.between(byTime.get(first).since(),
                    byTime.get(last + 1).since()).compareTo(settle) <= 0) {
                last++;
            }
            if (last - first + 1 > best.size()) {
                best = byTime.subList(first, last + 1);
            }
        }
        return best.size() >= minGateways ? Optional.of(List.copyOf(best)) : Optional.empty();
    }

    /** Several gateways of a district went down together; {@code back} of them have returned since. */
    static Verdict districtLoss(String district, List<Outage> members, int back, int silentExplained) {
        var first = members.stream().map(Outage::since).min(Comparator.naturalOrder()).orElseThrow();
        var last = members.stream().map(Outage::since).max(Comparator.naturalOrder()).orElseThrow();
        var names = members.stream().map(Outage::gatewayId).toList();
        var explanation = members.size() + " gateways of " + district + " went down within "
                + Wording.duration(Duration.between(first, last)) + ": power or backhaul loss"
                + (back > 0 ? "; " + back + " of them " + (back == 1 ? "is" : "are") + " back" : "")
                + (silentExplained > 0 ? "; " + Wording.count(silentExplained, "device") + " silent because of it"
                : "");
        return new Verdict(Cause.NETWORK_FAULT, explanation, List.of(
                new Signal("gateways-offline", Wording.names(names) + " offline from " + Wording.clock(first)
                        + " to " + Wording.clock(last)),
                new Signal("district-wide", "gateways of one district failing together point at power or backhaul,"
                        + " not at each gateway")));
    }

    /**
     * Whether the silent devices behind an online gateway are the gateway's fault: at least two of them (one silent
     * device is that device's business) and at least {@code silentShare} of its active devices.
     */
    static Optional<Verdict> silentTogether(String gatewayId, int silent, int active, Duration spread,
                                            double silentShare) {
        if (silent < 2 || active == 0 || silent < silentShare * active) {
            return Optional.empty();
        }
        var who = silent >= active ? "all " + silent + " devices" : silent + " of its " + active + " devices";
        var explanation = who + " behind " + gatewayId + " fell silent within " + Wording.duration(spread)
                + " while it still reports connected: its field network or radio is down";
        return Optional.of(new Verdict(Cause.NETWORK_FAULT, explanation, List.of(
                new Signal("gateway-online", gatewayId + " is connected"),
                new Signal("devices-silent", silent + " of " + active + " active devices behind " + gatewayId
                        + " silent within " + Wording.duration(spread)))));
    }

    /** A silence no network fault explains: the device's own. */
    static Verdict silentAlone(String deviceId, String gatewayId, boolean gatewayOnline, int silent, int active) {
        if (gatewayId == null) {
            return new Verdict(Cause.DEVICE_FAULT, deviceId + " is silent and has no gateway a network fault could"
                    + " explain", List.of(new Signal("device-silent", deviceId + " sends nothing")));
        }
        var others = silent <= 1 ? "its other devices report; only this one is silent"
                : (active - silent) + " of its " + active + " devices report; " + silent + " are silent";
        var explanation = gatewayId + " is " + (gatewayOnline ? "online" : "not reported offline") + " and " + others;
        return new Verdict(Cause.DEVICE_FAULT, explanation, List.of(
                new Signal(gatewayOnline ? "gateway-online" : "gateway-not-offline", gatewayId + " has no outage"),
                new Signal("device-silent", deviceId + " sends nothing while " + (active - silent) + " of "
                        + active + " devices behind " + gatewayId + " report")));
    }

    /** Why a gateway's alert clears. */
    static String gatewayBack(Outage outage, Instant back) {
        return outage.gatewayId() + " back at " + Wording.clock(back) + " after "
                + Wording.duration(Duration.between(outage.since(), back));
    }

    private static String lost(GatewayStatusEvent.Cause cause) {
        if (cause == null) {
            return "went offline";
        }
        return switch (cause) {
            case CONNECTION_LOST -> "lost its connection";
            case CLIENT_DISCONNECT -> "disconnected on purpose";
            case SERVER_DISCONNECT -> "was disconnected by the MQTT endpoint";
            case GATEWAY_REPORTED -> "reported itself offline";
            case CONNECTED -> "went offline";
        };
    }
}
