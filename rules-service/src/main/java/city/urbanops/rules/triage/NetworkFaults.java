package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.triage.AlertBook.Subject;
import city.urbanops.rules.triage.NetworkFaultPolicy.Outage;
import city.urbanops.rules.triage.TriageStores.HeldAbsence;
import city.urbanops.rules.triage.TriageStores.NetworkFault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The network faults' alerts and the device silences they explain: raising a fault with the silences already
 * waiting for it, listing newly explained silences in one update per punctuation, moving silences between faults
 * (a gateway fault absorbed by a district one) and handing them back to be judged again when a fault clears.
 */
final class NetworkFaults {

    static final String GATEWAY_ACTION = "Check the gateway's power and uplink on site; its devices report again"
            + " once it reconnects";
    static final String SILENT_ACTION = "Check the gateway's field radio or bus and the devices' power: the gateway"
            + " itself is connected";
    static final String DISTRICT_ACTION = "Check the district's power supply and backhaul with the utility: several"
            + " gateways failed together";

    private final RulesSettings settings;
    private final RulesMetrics metrics;
    private final AlertBook book;
    private final KeyValueStore<String, HeldAbsence> held;
    private final KeyValueStore<String, HeldAbsence> suppressed;
    private final KeyValueStore<String, NetworkFault> faults;

    NetworkFaults(ProcessorContext<?, ?> context, RulesSettings settings, RulesMetrics metrics, AlertBook book) {
        this.settings = settings;
        this.metrics = metrics;
        this.book = book;
        this.held = context.getStateStore(TriageStores.HELD);
        this.suppressed = context.getStateStore(TriageStores.SUPPRESSED);
        this.faults = context.getStateStore(TriageStores.NETWORK);
    }

    NetworkFault fault(String networkKey) {
        return faults.get(networkKey);
    }

    void save(NetworkFault fault) {
        faults.put(fault.key(), fault);
    }

    /** A gateway stayed offline past the settle: one alert, listing the silences that were waiting for it. */
    void raiseGatewayOffline(DeviceContext gateway, Outage outage, int devicesBehind, long receivedAt) {
        var key = NetworkFaultPolicy.gatewayKey(outage.gatewayId());
        var listing = listNew(key);
        var verdict = NetworkFaultPolicy.gatewayOffline(outage, devicesBehind, listing.keys().size());
        book.raise(Subject.ofGateway(key, "Gateway " + outage.gatewayId() + " offline", Severity.MAJOR,
                        GATEWAY_ACTION, gateway), verdict, outage.since(), outage.since(),
                evidence(outage.gatewayId() + " offline (" + outage.cause() + ") for at least "
                        + Wording.duration(settings.networkSettle()), Map.of("networkSettleSeconds",
                        (double) settings.networkSettle().toSeconds())),
                capped(listing.keys()), listing.keys().size(), receivedAt);
        save(new NetworkFault(NetworkFault.Kind.GATEWAY_OFFLINE, key, gateway.district(), gateway, List.of(outage),
                List.of(), devicesBehind, listing.keys().size(), false, receivedAt));
    }

    /** Every device silence waiting behind an online gateway becomes part of its one network fault. */
    void raiseGatewaySilent(DeviceContext gateway, Verdict verdict, List<HeldAbsence> silences, int active,
                            long receivedAt) {
        var key = NetworkFaultPolicy.gatewayKey(gateway.deviceId());
        silences.forEach(silence -> moveToSuppressed(silence, key));
        var listing = listNew(key);
        var raisedAt = silences.stream().map(s -> s.change().raisedAt()).min(Instant::compareTo).orElseThrow();
        var time = silences.stream().map(s -> s.change().time()).max(Instant::compareTo).orElseThrow();
        book.raise(Subject.ofGateway(key, "Devices behind " + gateway.deviceId() + " silent", Severity.MAJOR,
                        SILENT_ACTION, gateway), verdict, raisedAt, time,
                evidence(silences.size() + " of " + active + " active devices behind " + gateway.deviceId()
                        + " silent together", Map.of("silentShare", settings.silentShare(),
                        "silentDevices", (double) silences.size(), "activeDevices", (double) active)),
                capped(listing.keys()), listing.keys().size(), receivedAt);
        save(new NetworkFault(NetworkFault.Kind.GATEWAY_SILENT, key, gateway.district(), gateway, List.of(),
                List.of(), active, listing.keys().size(), false, receivedAt));
    }

    /** Gateways of one district down together: one alert; their own alerts, if raised, now point at it. */
    void raiseDistrict(String district, DeviceContext anyGateway, List<Outage> members, long receivedAt) {
        var key = NetworkFaultPolicy.districtKey(district);
        var latest = members.stream().map(Outage::since).max(Instant::compareTo).orElseThrow();
        for (var member : members) {
            absorb(NetworkFaultPolicy.gatewayKey(member.gatewayId()), key, latest, receivedAt);
        }
        var listing = listNew(key);
        var first = members.stream().map(Outage::since).min(Instant::compareTo).orElseThrow();
        book.raise(new Subject(key, "Network down in " + district + ": " + members.size() + " gateways",
                        Severity.CRITICAL, DISTRICT_ACTION, null, null, null, null, null, anyGateway.department(),
                        district, null, null),
                NetworkFaultPolicy.districtLoss(district, members, 0, listing.keys().size()), first, latest,
                evidence(members.size() + " gateways of " + district + " offline within "
                        + Wording.duration(settings.networkSettle()), Map.of("powerLossGateways",
                        (double) settings.powerLossGateways(), "networkSettleSeconds",
                        (double) settings.networkSettle().toSeconds())),
                capped(listing.keys()), listing.keys().size(), receivedAt);
        save(new NetworkFault(NetworkFault.Kind.DISTRICT, key, district, null, members, List.of(), 0,
                listing.keys().size(), false, receivedAt));
    }

    /**
     * A gateway joins an open district fault: its own fault, if raised, is cleared as explained by the district,
     * and the silences it explained move over.
     */
    void joinDistrict(NetworkFault district, Outage outage, long receivedAt) {
        int moved = absorb(NetworkFaultPolicy.gatewayKey(outage.gatewayId()), district.key(), outage.since(),
                receivedAt);
        // a gateway that came back and went down again is one member, offline again
        var members = new ArrayList<>(district.members().stream()
                .filter(member -> !member.gatewayId().equals(outage.gatewayId())).toList());
        members.add(outage);
        var back = district.back().stream().filter(id -> !id.equals(outage.gatewayId())).toList();
        save(district.with(members, back, district.silentNow() + moved, true, receivedAt));
    }

    /** Suppresses one silence under a network fault (forming or open); it is listed at the next flush. */
    void suppress(String networkKey, HeldAbsence silence) {
        moveToSuppressed(silence, networkKey);
        var fault = faults.get(networkKey);
        if (fault != null) {
            save(fault.with(fault.members(), fault.back(), fault.silentNow() + 1, true, silence.receivedAt()));
        }
    }

    /** A suppressed silence ended; returns the fault that explained it, or null. */
    NetworkFault silenceEnded(String networkKey, String conditionKey) {
        var key = TriageStores.key(networkKey, conditionKey);
        if (suppressed.get(key) == null) {
            return null;
        }
        suppressed.delete(key);
        var fault = faults.get(networkKey);
        if (fault == null) {
            return null;
        }
        var updated = fault.with(fault.members(), fault.back(), Math.max(0, fault.silentNow() - 1), fault.dirty(),
                fault.receivedAt());
        save(updated);
        return updated;
    }

    boolean isSuppressed(String networkKey, String conditionKey) {
        return suppressed.get(TriageStores.key(networkKey, conditionKey)) != null;
    }

    /** The fault is over: its alert clears and the silences it explained wait the settle to be judged again. */
    void clear(String networkKey, Instant time, String why, long receivedAt, long now) {
        var open = book.open(networkKey);
        if (open != null) {
            book.clear(open, time, why, null, receivedAt);
        }
        faults.delete(networkKey);
        release(networkKey, now);
    }

    /**
     * Silences suppressed under a fault that never formed (or ended) are held again: a gateway that is back replays
     * the readings it buffered, which may take longer than the settle to reach evaluation, so they wait the late
     * grace (or the settle, if longer) before one is raised on its own. A device that resumes ends its silence first.
     */
    void release(String networkKey, long now) {
        for (var entry : entries(suppressed, networkKey)) {
            suppressed.delete(entry.key);
            var change = entry.value.change();
            held.put(heldKey(change), new HeldAbsence(change, heldAfterRecovery(now), entry.value.receivedAt(),
                    false));
        }
    }

    /** A held silence is judged once the settle passed since its hold began: after a recovery, the late grace. */
    private long heldAfterRecovery(long now) {
        return now + Math.max(0, settings.lateGrace().toMillis() - settings.networkSettle().toMillis());
    }

    /**
     * One gateway of a district fault is back while others are not: the silences of its devices are no longer
     * explained by the district and are held as after any recovery (devices that resume end them and raise nothing).
     */
    void releaseGateway(String networkKey, String gatewayId, long now) {
        int released = 0;
        for (var entry : entries(suppressed, networkKey)) {
            var change = entry.value.change();
            if (gatewayId.equals(change.device().gatewayId())) {
                suppressed.delete(entry.key);
                held.put(heldKey(change), new HeldAbsence(change, heldAfterRecovery(now), entry.value.receivedAt(),
                        false));
                released++;
            }
        }
        var fault = faults.get(networkKey);
        if (fault != null && released > 0) {
            save(fault.with(fault.members(), fault.back(), Math.max(0, fault.silentNow() - released), fault.dirty(),
                    fault.receivedAt()));
        }
    }

    /** Sends the one update each fault owes for the silences it came to explain since the last punctuation. */
    void flush(long now) {
        var dirty = new ArrayList<NetworkFault>();
        try (var all = faults.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.dirty()) {
                    dirty.add(entry.value);
                }
            });
        }
        for (var fault : dirty) {
            save(fault.with(fault.members(), fault.back(), fault.silentNow(), false, fault.receivedAt()));
            var open = book.open(fault.key());
            if (open == null) {
                continue;
            }
            var listing = listNew(fault.key());
            var list = new ArrayList<>(open.suppressed());
            list.addAll(listing.keys());
            int count = open.suppressedCount() + listing.keys().size();
            var verdict = switch (fault.kind()) {
                case GATEWAY_OFFLINE -> NetworkFaultPolicy.gatewayOffline(fault.members().getFirst(),
                        fault.devicesBehind(), count);
                case DISTRICT -> NetworkFaultPolicy.districtLoss(fault.district(), fault.members(),
                        fault.back().size(), count);
                case GATEWAY_SILENT -> null;
            };
            var time = listing.latest() == null ? open.time() : listing.latest();
            book.update(open, verdict, time, null, capped(list), count, fault.receivedAt());
        }
    }

    static String heldKey(Finding.ConditionChange change) {
        return TriageStores.key(String.valueOf(change.device().gatewayId()), change.conditionKey());
    }

    /** Silences newly explained by a fault (not in its alert yet), marked as listed; each counts as suppressed. */
    private Listing listNew(String networkKey) {
        var keys = new ArrayList<String>();
        Instant latest = null;
        for (var entry : entries(suppressed, networkKey)) {
            if (!entry.value.listed()) {
                suppressed.put(entry.key, entry.value.asListed());
                keys.add(entry.value.change().conditionKey());
                metrics.suppressed();
                var time = entry.value.change().time();
                latest = latest == null || time.isAfter(latest) ? time : latest;
            }
        }
        return new Listing(keys, latest);
    }

    private record Listing(List<String> keys, Instant latest) {
    }

    /** Moves what {@code fromKey} explained under {@code toKey}; its alert, if any, clears as explained by it. */
    private int absorb(String fromKey, String toKey, Instant time, long receivedAt) {
        var open = book.open(fromKey);
        if (open != null) {
            book.clear(open, time, "part of the district-wide network fault " + toKey, toKey, receivedAt);
        }
        faults.delete(fromKey);
        int moved = 0;
        for (var entry : entries(suppressed, fromKey)) {
            suppressed.delete(entry.key);
            suppressed.put(TriageStores.key(toKey, entry.value.change().conditionKey()),
                    new HeldAbsence(entry.value.change(), entry.value.heldSinceWall(), entry.value.receivedAt(),
                            false));
            moved++;
        }
        return moved;
    }

    private void moveToSuppressed(HeldAbsence silence, String networkKey) {
        held.delete(heldKey(silence.change()));
        suppressed.put(TriageStores.key(networkKey, silence.change().conditionKey()), silence);
    }

    private static List<String> capped(List<String> keys) {
        return keys.size() <= AlertEvent.MAX_LISTED_SUPPRESSED ? keys
                : List.copyOf(keys.subList(0, AlertEvent.MAX_LISTED_SUPPRESSED));
    }

    private static Evidence evidence(String condition, Map<String, Double> thresholds) {
        return new Evidence(condition, thresholds, List.of());
    }

    static <V> List<KeyValue<String, V>> entries(KeyValueStore<String, V> store, String prefix) {
        var found = new ArrayList<KeyValue<String, V>>();
        try (var entries = store.prefixScan(prefix + TriageStores.SEP, new StringSerializer())) {
            entries.forEachRemaining(found::add);
        }
        return found;
    }
}
