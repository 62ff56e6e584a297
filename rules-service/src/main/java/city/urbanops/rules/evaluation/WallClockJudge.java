package city.urbanops.rules.evaluation;

import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.topology.RuleRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the wall clock decides, since no message arrives to decide it: silences (absence rules), and the end of the
 * conditions of a rule that was disabled or no longer applies. Runs on the device stage's wall-clock punctuations.
 */
final class WallClockJudge {

    private final KeyValueStore<String, RuleCondition> conditions;
    private final KeyValueStore<String, DeviceState> devices;
    private final KeyValueStore<String, DeviceRecord> registry;
    private final FindingSink sink;
    private final int evidenceReadings;
    /**
     * The task's devices that have absence watches in their state, in order: what a check visits, so it reads
     * the few states it needs as objects instead of every state from the store. Found again from the store on
     * {@link #load}.
     */
    private final TreeSet<String> watched = new TreeSet<>();
    private final KeyValueStore<String, AbsenceWatch> former;
    private boolean loaded;

    /**
     * @param former the store watches were once kept in on their own ({@code ruleId|deviceId}): what is still in it
     *               moves into the device's state on first use
     */
    WallClockJudge(KeyValueStore<String, AbsenceWatch> former, KeyValueStore<String, RuleCondition> conditions,
                   KeyValueStore<String, DeviceState> devices, KeyValueStore<String, DeviceRecord> registry,
                   FindingSink sink, int evidenceReadings) {
        this.former = former;
        this.conditions = conditions;
        this.devices = devices;
        this.registry = registry;
        this.sink = sink;
        this.evidenceReadings = evidenceReadings;
    }

    /**
     * On first use (the stores are restored by then), finds the devices with absence watches in the stores, which may
     * hold what another instance wrote, after moving any watch still in the former store into its device's state.
     * The stage calls it before it reads a device's state for a reading, so that state already holds what moved.
     */
    void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        var moved = new ArrayList<KeyValue<String, AbsenceWatch>>();
        try (var all = former.all()) {
            all.forEachRemaining(moved::add);
        }
        for (var entry : moved) {
            var watch = entry.value;
            var deviceId = watch.deviceId() != null ? watch.deviceId()
                    : entry.key.substring(entry.key.indexOf('|') + 1);
            var state = devices.get(deviceId);
            state = state == null ? DeviceState.first() : state;
            var watches = new HashMap<>(state.absences());
            watches.put(watch.rule().ruleId(), new AbsenceWatch(null, watch.rule(), watch.lastEventTime(),
                    watch.lastSeenWallMillis(), watch.raisedAt()));
            devices.put(deviceId, state.withAbsences(watches));
            former.delete(entry.key);
        }
        watched.clear();
        try (var all = devices.all()) {
            all.forEachRemaining(entry -> {
                if (!entry.value.absences().isEmpty()) {
                    watched.add(entry.key);
                }
            });
        }
    }

    /**
     * A matching reading of the device arrived: the watch restarts from it, and an open absence ends (whatever the
     * reading's age: what was announced is always cleared). Only devices that publish are watched, and only from
     * their first reading after the rule was enabled on. Returns the device's state with the watch.
     */
    DeviceState seen(RuleRelease release, DeviceContext device, DeviceState state, Instant eventTime, long wallMillis,
                     Health health) {
        load();
        var previous = state.absences().get(release.ruleId());
        var rule = RuleRef.of(release);
        if (previous != null && previous.open()) {
            sink.condition(release.conditionKey(device.deviceId()), rule, device, false, true, previous.raisedAt(),
                    eventTime, ConditionText.evidence(release.document().condition(), readings(state, release)),
                    health);
        }
        watched.add(device.deviceId());
        var watches = new HashMap<>(state.absences());
        watches.put(release.ruleId(), AbsenceWatch.seen(rule, eventTime, wallMillis));
        return state.withAbsences(watches);
    }

    /**
     * Raises every silence that has lasted its rule's duration on the wall clock; ends and forgets the watches that no
     * longer apply (rule disabled or changed kind, device gone, no longer active, quarantined or out of scope).
     * An absence is news when it is found, so the late grace does not apply: {@code raisedAt} is the last reading's
     * event time, {@code time} the wall clock at which the silence was judged. While the task is {@code catchingUp}
     * on a backlog, no silence is raised: the device's readings may be in it. Only devices with watches are visited,
     * their states as the stage keeps them (objects), so a check costs little more than a look at each watch.
     */
    void check(RuleIndex index, long wallMillis, boolean catchingUp) {
        load();
        var now = Instant.ofEpochMilli(wallMillis);
        for (var devicesWatched = watched.iterator(); devicesWatched.hasNext(); ) {
            var deviceId = devicesWatched.next();
            var state = devices.get(deviceId);
            if (state == null || state.absences().isEmpty()) {
                devicesWatched.remove();
                continue;
            }
            var device = registry.get(deviceId);
            Map<String, AbsenceWatch> revised = null;
            for (var ruleId : ruleIds(state)) {
                var watch = state.absences().get(ruleId);
                var release = index.release(ruleId);
                String gone = release == null || !(release.document().condition() instanceof Condition.Absence)
                        ? "the rule was disabled or no longer watches for an absence"
                        : device == null ? "the device was deleted from the registry"
                        : !device.publishes() ? "the device is no longer active"
                        : device.quarantined() ? "the device is in quarantine"
                        : !release.document().scope().covers(device) ? "the rule no longer applies to the device"
                        : null;
                if (gone != null) {
                    if (watch.open()) {
                        sink.condition(RuleJudge.conditionKey(ruleId, deviceId), watch.rule(), sink.device(deviceId),
                                false, true, watch.raisedAt(), now, ConditionText.ended(gone, List.of()),
                                state.health());
                    }
                    revised = revised == null ? new HashMap<>(state.absences()) : revised;
                    revised.remove(ruleId);
                } else if (!catchingUp && watch.due((Condition.Absence) release.document().condition(), wallMillis)) {
                    var raised = watch.raised(RuleRef.of(release));
                    revised = revised == null ? new HashMap<>(state.absences()) : revised;
                    revised.put(ruleId, raised);
                    sink.condition(release.conditionKey(deviceId), raised.rule(), DeviceContext.of(device), true,
                            true, raised.raisedAt(), now, ConditionText.evidence(release.document().condition(),
                                    readings(state, release)), state.health());
                }
            }
            if (revised != null) {
                devices.put(deviceId, state.withAbsences(revised));
                if (revised.isEmpty()) {
                    devicesWatched.remove();
                }
            }
        }
    }

    /** The rule ids of the device's watches, in order (one watch, the usual case, without sorting). */
    private static Iterable<String> ruleIds(DeviceState state) {
        var ids = state.absences().keySet();
        return ids.size() <= 1 ? List.copyOf(ids) : new TreeSet<>(ids);
    }

    /**
     * Ends and forgets every condition and watch of a rule that is no longer enabled: triage hears that each announced
     * one ended because the rule was disabled.
     */
    void endRule(String ruleId, long wallMillis) {
        load();
        var now = Instant.ofEpochMilli(wallMillis);
        var why = "rule " + ruleId + " was disabled: its conditions are no longer evaluated";
        var ended = new ArrayList<KeyValue<String, RuleCondition>>();
        try (var scan = conditions.prefixScan(ruleId + "|", new StringSerializer())) {
            scan.forEachRemaining(ended::add);
        }
        for (var entry : ended) {
            var condition = entry.value;
            var deviceId = entry.key.substring(ruleId.length() + 1);
            if (condition.open() && condition.announced()) {
                sink.condition(RuleJudge.conditionKey(ruleId, deviceId), condition.rule(), sink.device(deviceId),
                        false, false, condition.raisedAt(), now, ConditionText.ended(why, List.of()),
                        health(deviceId));
            }
            conditions.delete(entry.key);
        }
        for (var deviceId : List.copyOf(watched)) {
            var state = devices.get(deviceId);
            var watch = state == null ? null : state.absences().get(ruleId);
            if (watch == null) {
                continue;
            }
            if (watch.open()) {
                sink.condition(RuleJudge.conditionKey(ruleId, deviceId), watch.rule(), sink.device(deviceId), false,
                        true, watch.raisedAt(), now, ConditionText.ended(why, List.of()), state.health());
            }
            var watches = new HashMap<>(state.absences());
            watches.remove(ruleId);
            devices.put(deviceId, state.withAbsences(watches));
        }
    }

    /**
     * A new version of a rule was enabled: its open conditions stay open and are judged by it from the next reading.
     * Those it cannot judge end now: on devices it no longer applies to (out of its scope, or not reporting its
     * measurement), and all of them when it watches for another kind of condition (an absence is watched apart,
     * and a threshold's run means nothing to a rate of change). Absence watches are revised by {@link #check}.
     */
    void revise(RuleRelease release, long wallMillis) {
        var now = Instant.ofEpochMilli(wallMillis);
        var condition = release.document().condition();
        var measurement = condition.measurementName();
        var revised = new ArrayList<KeyValue<String, RuleCondition>>();
        try (var scan = conditions.prefixScan(release.ruleId() + "|", new StringSerializer())) {
            scan.forEachRemaining(revised::add);
        }
        for (var entry : revised) {
            var deviceId = entry.key.substring(release.ruleId().length() + 1);
            var device = registry.get(deviceId);
            var stored = entry.value;
            // A device record without its type's measurement list (the registry always sends one) is not judged by it.
            String why = condition instanceof Condition.Absence
                    || Evaluators.initial(condition, false).getClass() != stored.tracking().getClass()
                    ? "version " + release.version() + " of rule " + release.ruleId()
                    + " watches for another kind of condition"
                    : device == null || !release.document().scope().covers(device) || measurement.isEmpty()
                    || !(device.measurements().isEmpty() || device.measurements().contains(measurement.get()))
                    ? "version " + release.version() + " of rule " + release.ruleId()
                    + " no longer applies to the device"
                    : null;
            if (why == null) {
                continue;
            }
            if (stored.open() && stored.announced()) {
                sink.condition(release.conditionKey(deviceId), RuleRef.of(release), sink.device(deviceId), false,
                        false, stored.raisedAt(), now, ConditionText.ended(why, List.of()), health(deviceId));
            }
            conditions.delete(entry.key);
        }
    }

    private List<EvidenceReading> readings(DeviceState state, RuleRelease release) {
        return release.document().condition().measurementName().map(state::recentReadings)
                .orElseGet(() -> state.recentReadings(evidenceReadings));
    }

    private Health health(String deviceId) {
        var state = devices.get(deviceId);
        return state == null ? Health.good() : state.health();
    }
}
