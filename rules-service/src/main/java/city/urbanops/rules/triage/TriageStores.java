package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.StateStores;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.topology.JsonSerde;
import city.urbanops.rules.triage.NetworkFaultPolicy.Outage;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Triage's state: persistent key-value stores with changelogs (so it survives restarts and partition moves), and
 * the records kept in them. Composite keys join their parts with {@link #SEP} and put the part a lookup starts from
 * first, so "all open alerts of device X" or "all samples of type T for measurement M" is one {@code prefixScan}.
 */
final class TriageStores {

    /** Separates the parts of a composite key; none of the ids it joins contains it. */
    static final String SEP = "|";

    /** Open alerts by condition key: the last transition emitted. */
    static final String ALERTS = "triage-alerts";
    /**
     * Open alerts by what they are about: {@code device|<deviceId>|<conditionKey>},
     * {@code gateway|<gatewayId>|<conditionKey>} (a device's alerts, by its gateway) and
     * {@code rule|<ruleId>|<conditionKey>}.
     */
    static final String INDEX = "triage-alert-index";
    /** The latest finding of each open device condition, to judge it again when the evidence around it changes. */
    static final String CONDITIONS = "triage-conditions";
    /** {@code <deviceType>|<measurement>|<deviceId>}: the latest sample, what neighbours are compared on. */
    static final String SAMPLES = "triage-samples";
    /** Device id: its latest health and quarantine. */
    static final String HEALTH = "triage-health";
    /** Gateway id: its connectivity and the network alert that covers it. */
    static final String GATEWAYS = "triage-gateways";
    /** {@code <gatewayId>|<conditionKey>}: device silences waiting for the network settle before being judged. */
    static final String HELD = "triage-held-absences";
    /** {@code <networkKey>|<conditionKey>}: device silences a network fault explains. */
    static final String SUPPRESSED = "triage-suppressed-absences";
    /** Network alert key: what the open (or forming) network fault is made of. */
    static final String NETWORK = "triage-network-faults";
    /** {@code <ruleId>|<group>|<deviceId>}: devices beyond a group-count rule's level. */
    static final String GROUPS = "triage-group-members";

    private TriageStores() {
    }

    static String key(String... parts) {
        return String.join(SEP, parts);
    }

    static Set<StoreBuilder<?>> builders(StateStores kind) {
        return Set.of(
                kind.keyValue(ALERTS, JsonSerde.internal(AlertEvent.class)),
                kind.keyValue(INDEX, Serdes.String()),
                kind.keyValue(CONDITIONS, JsonSerde.internal(Finding.ConditionChange.class)),
                kind.keyValue(SAMPLES, JsonSerde.internal(Finding.Sample.class)),
                kind.keyValue(HEALTH, JsonSerde.internal(HealthState.class)),
                kind.keyValue(GATEWAYS, JsonSerde.internal(GatewayState.class)),
                kind.keyValue(HELD, JsonSerde.internal(HeldAbsence.class)),
                kind.keyValue(SUPPRESSED, JsonSerde.internal(HeldAbsence.class)),
                kind.keyValue(NETWORK, JsonSerde.internal(NetworkFault.class)),
                kind.keyValue(GROUPS, JsonSerde.internal(Finding.GroupMember.class)));
    }

    /** A device's latest health; {@code quarantined} as the device stage last reported it. */
    record HealthState(DeviceContext device, Health health, boolean quarantined, Instant time) {
    }

    /**
     * A gateway's connectivity since {@code since} (event time). {@code seenAtWall} is the wall clock at which triage
     * learnt of it, from which the network settle runs; {@code coveredBy} the network fault key that explains it
     * (null while none does); {@code receivedAt} the triggering record's timestamp, for the alert latency.
     */
    record GatewayState(DeviceContext gateway, GatewayStatusEvent.Connectivity connectivity,
                        GatewayStatusEvent.Cause cause, Instant since, long seenAtWall, long receivedAt,
                        String coveredBy) {

        boolean offline() {
            return connectivity == GatewayStatusEvent.Connectivity.OFFLINE;
        }

        Outage outage() {
            return new Outage(gateway.deviceId(), cause, since);
        }

        GatewayState coveredBy(String networkKey) {
            return new GatewayState(gateway, connectivity, cause, since, seenAtWall, receivedAt, networkKey);
        }
    }

    /**
     * A device silence not raised (yet): held until the network settle from {@code heldSinceWall}, or suppressed
     * by a network fault ({@code listed}: already counted in that fault's alert).
     */
    record HeldAbsence(Finding.ConditionChange change, long heldSinceWall, long receivedAt, boolean listed) {

        HeldAbsence asListed() {
            return new HeldAbsence(change, heldSinceWall, receivedAt, true);
        }
    }

    /**
     * An open or forming network fault. {@code members} are the gateways it covers (one for a gateway fault) and
     * {@code back} those of them online again; {@code silentNow} counts the device silences it explains that have
     * not ended; {@code dirty} says its alert owes an update, sent at the next punctuation so that a burst of
     * silences is one update, not one per device.
     */
    record NetworkFault(Kind kind, String key, String district, DeviceContext gateway, List<Outage> members,
                        List<String> back, int devicesBehind, int silentNow, boolean dirty, long receivedAt) {

        enum Kind { GATEWAY_OFFLINE, GATEWAY_SILENT, DISTRICT }

        NetworkFault {
            members = members == null ? List.of() : List.copyOf(members);
            back = back == null ? List.of() : List.copyOf(back);
        }

        NetworkFault with(List<Outage> newMembers, List<String> newBack, int newSilentNow, boolean newDirty,
                          long newReceivedAt) {
            return new NetworkFault(kind, key, district, gateway, newMembers, newBack, devicesBehind, newSilentNow,
                    newDirty, Math.max(receivedAt, newReceivedAt));
        }
    }
}
