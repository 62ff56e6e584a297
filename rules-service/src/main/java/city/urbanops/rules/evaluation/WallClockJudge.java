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
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the wall clock decides, since no message arrives to decide it: silences (absence rules), and the end of the
 * conditions of a rule that was disabled or no longer applies. Runs on the device stage's wall-clock punctuations.
 */
final class WallClockJudge {

    private final KeyValueStore<String, AbsenceWatch> absences;
    private final KeyValueStore<String, RuleCondition> conditions;
    private final KeyValueStore<String, DeviceState> devices;
    private final KeyValueStore<String, DeviceRecord> registry;
    private final FindingSink sink;
    private final int evidenceReadings;

    WallClockJudge(KeyValueStore<String, AbsenceWatch> absences, KeyValueStore<String, RuleCondition> conditions,
             KeyValueStore<String, DeviceState> devices, KeyValueStore<String, DeviceRecord> registry,
             FindingSink sink, int evidenceReadings) {
        this.absences = absences;
        this.conditions = conditions;
        this.devices = devices;
        this.registry = registry;
        this.sink = sink;
        this.evidenceReadings = evidenceReadings;
    }

    /**
     * A matching reading of the device arrived: the watch restarts from it, and an open absence ends (whatever the
     * reading's age: what was announced is always cleared). Only devices that publish are watched, and only from
     * their first reading after the rule was enabled on.
     */
    void seen(RuleRelease release, DeviceContext device, DeviceState state, Instant eventTime, long wallMillis,
              Health health) {
        var key = RuleJudge.key(release.ruleId(), device.deviceId());
        var previous = absences.get(key);
        var rule = RuleRef.of(release);
        if (previous != null && previous.open()) {
            sink.condition(release.conditionKey(device.deviceId()), rule, device, false, true, previous.raisedAt(),
                    eventTime, ConditionText.evidence(release.document().condition(), readings(state, release)),
                    health);
        }
        absences.put(key, AbsenceWatch.seen(device.deviceId(), rule, eventTime, wallMillis));
    }

    /**
     * Raises every silence that has lasted its rule's duration on the wall clock; ends and forgets the watches that no
     * longer apply (rule disabled or changed kind, device gone, no longer active, quarantined or out of scope).
     * An absence is news when it is found, so the late grace does not apply: {@code raisedAt} is the last reading's
     * event time, {@code time} the wall clock at which the silence was judged. While the task is {@code catchingUp}
     * on a backlog, no silence is raised: the device's readings may be in it.
     */
    void check(RuleIndex index, long wallMillis, boolean catchingUp) {
        var now = Instant.ofEpochMilli(wallMillis);
        var watches = new ArrayList<KeyValue<String, AbsenceWatch>>();
        try (var all = absences.all()) {
            all.forEachRemaining(watches::add);
        }
        for (var entry : watches) {
            var watch = entry.value;
            var release = index.release(watch.rule().ruleId());
            var device = registry.get(watch.deviceId());
            String gone = release == null || !(release.document().condition() instanceof Condition.Absence)
                    ? "the rule was disabled or no longer watches for an absence"
                    : device == null ? "the device was deleted from the registry"
                    : !device.publishes() ? "the device is no longer active"
                    : device.quarantined() ? "the device is in quarantine"
                    : !release.document().scope().covers(device) ? "the rule no longer applies to the device"
                    : null;
            if (gone != null) {
                if (watch.open()) {
                    sink.condition(RuleJudge.conditionKey(watch.rule().ruleId(), watch.deviceId()), watch.rule(),
                            sink.device(watch.deviceId()), false, true, watch.raisedAt(), now,
                            ConditionText.ended(gone, List.of()), health(watch.deviceId()));
                }
                absences.delete(entry.key);
            } else if (!catchingUp && watch.due((Condition.Absence) release.document().condition(), wallMillis)) {
                var raised = watch.raised(RuleRef.of(release));
                absences.put(entry.key, raised);
                var state = devices.get(watch.deviceId());
                sink.condition(release.conditionKey(watch.deviceId()), raised.rule(), DeviceContext.of(device), true,
                        true, raised.raisedAt(), now, ConditionText.evidence(release.document().condition(),
                                state == null ? List.of() : readings(state, release)), health(watch.deviceId()));
            }
        }
    }

    /**
     * Ends and forgets every condition and watch of a rule that is no longer enabled: triage hears that each announced
     * one ended because the rule was disabled.
     */
    void endRule(String ruleId, long wallMillis) {
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
        var watches = new ArrayList<KeyValue<String, AbsenceWatch>>();
        try (var scan = absences.prefixScan(ruleId + "|", new StringSerializer())) {
            scan.forEachRemaining(watches::add);
        }
        for (var entry : watches) {
            var watch = entry.value;
            if (watch.open()) {
                sink.condition(RuleJudge.conditionKey(ruleId, watch.deviceId()), watch.rule(),
                        sink.device(watch.deviceId()), false, true, watch.raisedAt(), now,
                        ConditionText.ended(why, List.of()), health(watch.deviceId()));
            }
            absences.delete(entry.key);
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
