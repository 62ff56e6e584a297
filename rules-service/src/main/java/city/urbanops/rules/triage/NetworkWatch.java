package city.urbanops.rules.triage;

import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import city.urbanops.rules.triage.NetworkFaultPolicy.Outage;
import city.urbanops.rules.triage.TriageStores.GatewayState;
import city.urbanops.rules.triage.TriageStores.HeldAbsence;
import city.urbanops.rules.triage.TriageStores.NetworkFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Watches gateways and device silences on the wall clock. A gateway offline, or the devices behind it silent
 * together, for the network settle is one network fault; several gateways of a district down together are one
 * district fault; a silence no network fault explains after the settle is the device's own. Decisions wait for the
 * settle, so a gateway back within it (or an OFFLINE/ONLINE pair replayed from history) raises nothing.
 */
final class NetworkWatch {

    private final RulesSettings settings;
    private final AlertBook book;
    private final NetworkFaults faults;
    private final KeyValueStore<String, GatewayState> gateways;
    private final KeyValueStore<String, HeldAbsence> held;
    private final KeyValueStore<String, DeviceRecord> registry;
    /** Active sensors per gateway, counted from the registry at most once per punctuation, only when needed. */
    private Map<String, Integer> activeBehind;
    /**
     * Wall clock at which triage last received a gateway status older than the late grace: history being replayed.
     * An outage that is itself history is judged only once that replay has been quiet for a settle, so that its
     * ONLINE, further down the same history, can still arrive however slowly the history is read. Starts at the
     * wall clock of (re)start: a replay interrupted by a restart gets the same patience.
     */
    private long lastHistoryWall;

    NetworkWatch(ProcessorContext<?, ?> context, RulesSettings settings, AlertBook book, NetworkFaults faults) {
        this.settings = settings;
        this.book = book;
        this.faults = faults;
        this.gateways = context.getStateStore(TriageStores.GATEWAYS);
        this.held = context.getStateStore(TriageStores.HELD);
        this.registry = context.getStateStore(RulesTopology.REGISTRY_STORE);
        this.lastHistoryWall = context.currentSystemTimeMs();
    }

    void gatewayChange(Finding.GatewayChange change, long receivedAt, long now) {
        var status = change.status();
        if (isHistory(status.time().toEpochMilli(), now)) {
            lastHistoryWall = now;
        }
        var state = gateways.get(status.gatewayId());
        if (state != null && status.time().isBefore(state.since())) {
            return; // older than what is known of the gateway: a late copy says nothing new
        }
        if (status.connectivity() == Connectivity.OFFLINE) {
            if (state == null || !state.offline()) {
                gateways.put(status.gatewayId(), new GatewayState(change.gateway(), Connectivity.OFFLINE,
                        status.cause(), status.time(), now, receivedAt, state == null ? null : state.coveredBy()));
            }
            return;
        }
        var online = new GatewayState(change.gateway(), Connectivity.ONLINE, status.cause(), status.time(), now,
                receivedAt, null);
        if (state == null || !state.offline()) {
            gateways.put(status.gatewayId(), state == null ? online : online.coveredBy(state.coveredBy()));
            return;
        }
        var fault = state.coveredBy() == null ? null : faults.fault(state.coveredBy());
        if (fault == null) {
            // back within the settle: nothing was raised, and the silences waiting for it are judged again
            faults.release(NetworkFaultPolicy.gatewayKey(status.gatewayId()), now);
            gateways.put(status.gatewayId(), online);
            return;
        }
        switch (fault.kind()) {
            case GATEWAY_OFFLINE -> {
                faults.clear(fault.key(), status.time(), NetworkFaultPolicy.gatewayBack(state.outage(),
                        status.time()), receivedAt, now);
                gateways.put(status.gatewayId(), online);
            }
            case GATEWAY_SILENT -> gateways.put(status.gatewayId(), online.coveredBy(fault.key()));
            case DISTRICT -> {
                gateways.put(status.gatewayId(), online);
                var back = new ArrayList<>(fault.back());
                back.add(status.gatewayId());
                if (back.size() >= fault.members().size()) {
                    var first = fault.members().stream().map(Outage::since).min(Instant::compareTo).orElseThrow();
                    faults.clear(fault.key(), status.time(), "all " + fault.members().size() + " gateways of "
                            + fault.district() + " back at " + Wording.clock(status.time()) + " after "
                            + Wording.duration(Duration.between(first, status.time())), receivedAt, now);
                } else {
                    faults.save(fault.with(fault.members(), back, fault.silentNow(), true, receivedAt));
                    faults.releaseGateway(fault.key(), status.gatewayId(), now);
                }
            }
        }
    }

    /** A device silence began or ended. */
    void absence(Finding.ConditionChange change, long receivedAt, long now) {
        var key = change.conditionKey();
        var gatewayId = change.device().gatewayId();
        var state = gatewayId == null ? null : gateways.get(gatewayId);
        if (!change.active()) {
            held.delete(NetworkFaults.heldKey(change));
            silenceEnded(change, state, receivedAt, now);
            var open = book.open(key);
            if (open != null) {
                book.clear(open, change.time(), change.device().deviceId() + " reports again at "
                        + Wording.clock(change.time()), null, receivedAt);
            }
            return;
        }
        var open = book.open(key);
        if (open != null) {
            if (!Objects.equals(open.evidence(), change.evidence())) {
                book.update(open, null, change.time(), change.evidence(), null, null, receivedAt);
            }
            return;
        }
        var networkKey = state == null ? null
                : state.coveredBy() != null ? state.coveredBy()
                : state.offline() ? NetworkFaultPolicy.gatewayKey(gatewayId) : null;
        if (held.get(NetworkFaults.heldKey(change)) != null
                || (networkKey != null && faults.isSuppressed(networkKey, key))) {
            return; // a repeat of a silence already waiting or already explained
        }
        var silence = new HeldAbsence(change, now, receivedAt, false);
        if (networkKey != null) {
            faults.suppress(networkKey, silence);
        } else {
            held.put(NetworkFaults.heldKey(change), silence);
        }
    }

    private void silenceEnded(Finding.ConditionChange change, GatewayState state, long receivedAt, long now) {
        var gatewayId = change.device().gatewayId();
        var candidates = new ArrayList<String>();
        if (gatewayId != null) {
            candidates.add(NetworkFaultPolicy.gatewayKey(gatewayId));
        }
        if (state != null && state.coveredBy() != null && !candidates.contains(state.coveredBy())) {
            candidates.add(state.coveredBy());
        }
        for (var networkKey : candidates) {
            var fault = faults.silenceEnded(networkKey, change.conditionKey());
            if (fault != null && fault.kind() == NetworkFault.Kind.GATEWAY_SILENT && fault.silentNow() == 0) {
                faults.clear(fault.key(), change.time(), "the devices behind " + gatewayId + " report again since "
                        + Wording.clock(change.time()), receivedAt, now);
                var gateway = gateways.get(gatewayId);
                if (gateway != null) {
                    gateways.put(gatewayId, gateway.coveredBy(null));
                }
            }
        }
    }

    void punctuate(long now) {
        activeBehind = null;
        judgeOfflineGateways(now);
        judgeHeldSilences(now);
        faults.flush(now);
    }

    private boolean settled(long since, long now) {
        return since + settings.networkSettle().toMillis() <= now;
    }

    private boolean isHistory(long eventTime, long wall) {
        return eventTime < wall - settings.lateGrace().toMillis();
    }

    /** Offline for the settle, and, for an outage that began long before triage heard of it, no history pending. */
    private boolean due(GatewayState gateway, long now) {
        return gateway.coveredBy() == null && settled(gateway.seenAtWall(), now)
                && (!isHistory(gateway.since().toEpochMilli(), gateway.seenAtWall()) || settled(lastHistoryWall, now));
    }

    private void judgeOfflineGateways(long now) {
        var offlineByDistrict = new LinkedHashMap<String, List<GatewayState>>();
        try (var all = gateways.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.offline()) {
                    offlineByDistrict.computeIfAbsent(entry.value.gateway().district(), d -> new ArrayList<>())
                            .add(entry.value);
                }
            });
        }
        offlineByDistrict.forEach((district, offline) -> judgeDistrict(district, offline, now));
    }

    private void judgeDistrict(String district, List<GatewayState> offline, long now) {
        var due = offline.stream().filter(g -> due(g, now)).toList();
        if (due.isEmpty()) {
            return;
        }
        var districtKey = NetworkFaultPolicy.districtKey(district);
        var open = faults.fault(districtKey);
        if (open != null) {
            for (var gateway : due) {
                faults.joinDistrict(faults.fault(districtKey), gateway.outage(), gateway.receivedAt());
                gateways.put(gateway.gateway().deviceId(), gateway.coveredBy(districtKey));
            }
            return;
        }
        // gateways already under their own offline fault may still form a district fault with newcomers
        var candidates = offline.stream().filter(g -> g.coveredBy() == null
                || g.coveredBy().equals(NetworkFaultPolicy.gatewayKey(g.gateway().deviceId()))).toList();
        var cluster = NetworkFaultPolicy.powerLoss(candidates.stream().map(GatewayState::outage).toList(),
                settings.networkSettle(), settings.powerLossGateways()).orElse(List.of());
        var inCluster = cluster.stream().map(Outage::gatewayId).toList();
        if (!cluster.isEmpty()) {
            var members = candidates.stream().filter(g -> inCluster.contains(g.gateway().deviceId())).toList();
            long receivedAt = members.stream().mapToLong(GatewayState::receivedAt).max().orElse(now);
            faults.raiseDistrict(district, members.getFirst().gateway(), cluster, receivedAt);
            members.forEach(g -> gateways.put(g.gateway().deviceId(), g.coveredBy(districtKey)));
        }
        for (var gateway : due) {
            if (!inCluster.contains(gateway.gateway().deviceId())) {
                var id = gateway.gateway().deviceId();
                faults.raiseGatewayOffline(gateway.gateway(), gateway.outage(), activeBehind().getOrDefault(id, 0),
                        gateway.receivedAt());
                gateways.put(id, gateway.coveredBy(NetworkFaultPolicy.gatewayKey(id)));
            }
        }
    }

    private void judgeHeldSilences(long now) {
        var byGateway = new LinkedHashMap<String, List<HeldAbsence>>();
        try (var all = held.all()) {
            all.forEachRemaining(entry -> byGateway.computeIfAbsent(
                    String.valueOf(entry.value.change().device().gatewayId()), g -> new ArrayList<>()).add(entry.value));
        }
        byGateway.forEach((gatewayId, silences) -> {
            if (silences.stream().anyMatch(s -> settled(s.heldSinceWall(), now))) {
                judgeSilences(gatewayId, silences, now);
            }
        });
    }

    private void judgeSilences(String gatewayId, List<HeldAbsence> silences, long now) {
        var state = gateways.get(gatewayId);
        if (state != null && (state.offline() || state.coveredBy() != null)) {
            var networkKey = state.coveredBy() != null ? state.coveredBy() : NetworkFaultPolicy.gatewayKey(gatewayId);
            silences.forEach(silence -> faults.suppress(networkKey, silence));
            return;
        }
        boolean hasGateway = silences.getFirst().change().device().gatewayId() != null;
        int silent = (int) silences.stream().map(s -> s.change().device().deviceId()).distinct().count();
        int active = hasGateway ? activeBehind().getOrDefault(gatewayId, 0) : 0;
        var starts = silences.stream().map(s -> s.change().raisedAt()).sorted().toList();
        var together = hasGateway ? NetworkFaultPolicy.silentTogether(gatewayId, silent, active,
                Duration.between(starts.getFirst(), starts.getLast()), settings.silentShare()) : Optional
                .<Verdict>empty();
        if (together.isPresent()) {
            long receivedAt = silences.stream().mapToLong(HeldAbsence::receivedAt).max().orElse(now);
            var gateway = gatewayContext(gatewayId, state, silences.getFirst().change().device());
            faults.raiseGatewaySilent(gateway, together.get(), silences, active, receivedAt);
            var known = state != null ? state : new GatewayState(gateway, Connectivity.ONLINE, null,
                    starts.getFirst(), now, receivedAt, null);
            gateways.put(gatewayId, known.coveredBy(NetworkFaultPolicy.gatewayKey(gatewayId)));
            return;
        }
        for (var silence : silences) {
            if (settled(silence.heldSinceWall(), now)) {
                held.delete(NetworkFaults.heldKey(silence.change()));
                var change = silence.change();
                book.raise(ConditionTriage.subjectOf(change), NetworkFaultPolicy.silentAlone(
                                change.device().deviceId(), change.device().gatewayId(), state != null, silent,
                                active), change.raisedAt(), change.time(), change.evidence(), List.of(), 0,
                        silence.receivedAt());
            }
        }
    }

    private DeviceContext gatewayContext(String gatewayId, GatewayState state, DeviceContext device) {
        if (state != null) {
            return state.gateway();
        }
        var record = registry.get(gatewayId);
        return record != null ? DeviceContext.of(record) : new DeviceContext(gatewayId, "edge-gateway", null,
                device.department(), device.district(), null, null, null);
    }

    private Map<String, Integer> activeBehind() {
        if (activeBehind == null) {
            activeBehind = new HashMap<>();
            try (var all = registry.all()) {
                all.forEachRemaining(entry -> {
                    var device = entry.value;
                    if (device.kind() == DeviceKind.SENSOR && device.lifecycle() == DeviceLifecycle.ACTIVE
                            && device.gatewayId() != null) {
                        activeBehind.merge(device.gatewayId(), 1, Integer::sum);
                    }
                });
            }
        }
        return activeBehind;
    }
}
