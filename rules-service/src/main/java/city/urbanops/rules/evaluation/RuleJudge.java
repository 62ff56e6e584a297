package city.urbanops.rules.evaluation;

import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.topology.RuleRef;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges one reading for one rule on one device against what is stored for them ({@code ruleId|deviceId}), and
 * tells triage what changed: a condition announced or ended, a group member in or out. The late grace decides what
 * is news (see {@link LateGrace}).
 */
final class RuleJudge {

    private final KeyValueStore<String, RuleCondition> conditions;
    private final FindingSink sink;
    private final LateGrace grace;
    private final int evidenceReadings;

    RuleJudge(KeyValueStore<String, RuleCondition> conditions, FindingSink sink, LateGrace grace,
              int evidenceReadings) {
        this.conditions = conditions;
        this.sink = sink;
        this.grace = grace;
        this.evidenceReadings = evidenceReadings;
    }

    /** The store key of a rule's state on a device. */
    static String key(String ruleId, String deviceId) {
        return ruleId + "|" + deviceId;
    }

    /** {@link RuleRelease#conditionKey(String)} for a rule whose release is no longer at hand. */
    static String conditionKey(String ruleId, String deviceId) {
        return ruleId + "/" + deviceId;
    }

    /**
     * Applies {@code reading} (a usable value of the rule's measurement) and returns the device state with the rule
     * tracked or not; {@code told} says whether triage heard about this rule from this reading.
     */
    Outcome judge(RuleRelease release, DeviceContext device, DeviceState state, EvidenceReading reading, Health health,
                  long wallMillis) {
        var key = key(release.ruleId(), device.deviceId());
        var stored = conditions.get(key);
        var rule = RuleRef.of(release);
        var condition = release.document().condition();
        var step = Evaluators.step(condition, stored == null ? null : stored.tracking(), reading.time(),
                valueOf(reading));
        if (condition instanceof Condition.GroupCount group) {
            if (step.change() != Step.Change.NONE) {
                sink.send(new Finding.GroupMember(rule, group, device, step.change() == Step.Change.RAISE,
                        reading.value(), reading.time()), reading.time());
            }
            return keep(key, new RuleCondition(rule, step.next(), null, false), state, release.ruleId(),
                    step.change() != Step.Change.NONE);
        }
        Instant raisedAt = stored == null ? null : stored.raisedAt();
        boolean announced = stored != null && stored.announced();
        boolean fresh = grace.fresh(reading.time(), wallMillis);
        boolean told = false;
        switch (step.change()) {
            case RAISE -> {
                raisedAt = step.raisedAt();
                announced = fresh;
                told = fresh;
            }
            case CLEAR -> {
                told = announced;
                if (announced) {
                    sink.condition(release.conditionKey(device.deviceId()), rule, device, false, false, raisedAt,
                            reading.time(), evidence(condition, state, reading), health);
                }
                raisedAt = null;
                announced = false;
            }
            case NONE -> {
                // Held open while only history showed it; the first reading that is news announces it.
                if (raisedAt != null && !announced && fresh) {
                    announced = true;
                    told = true;
                }
            }
        }
        if (announced && told) {
            sink.condition(release.conditionKey(device.deviceId()), rule, device, true, false, raisedAt,
                    reading.time(), evidence(condition, state, reading), health);
        }
        return keep(key, new RuleCondition(rule, step.next(), raisedAt, announced), state, release.ruleId(), told);
    }

    /** Sends an announced open condition again, with the device's new health, so triage can judge it anew. */
    boolean resend(RuleRelease release, DeviceContext device, DeviceState state, Instant time, Health health) {
        var stored = conditions.get(key(release.ruleId(), device.deviceId()));
        if (stored == null || !stored.open() || !stored.announced()
                || release.document().condition() instanceof Condition.GroupCount) {
            return false;
        }
        var condition = release.document().condition();
        sink.condition(release.conditionKey(device.deviceId()), RuleRef.of(release), device, true, false,
                stored.raisedAt(), time, ConditionText.evidence(condition,
                        state.recentReadings(condition.measurementName().orElseThrow())), health);
        return true;
    }

    /**
     * Ends every condition a rule keeps on the device for a reason other than a reading (the device went into
     * quarantine): triage hears of those it was told about; all are forgotten.
     */
    void endAll(DeviceContext device, DeviceState state, Instant time, String why) {
        for (var ruleId : state.trackedRules()) {
            var key = key(ruleId, device.deviceId());
            var stored = conditions.get(key);
            if (stored != null && stored.open() && stored.announced()) {
                sink.condition(conditionKey(ruleId, device.deviceId()), stored.rule(), device, false, false,
                        stored.raisedAt(), time, ConditionText.ended(why, state.recentReadings(evidenceReadings)),
                        state.health());
            }
            conditions.delete(key);
        }
    }

    private Outcome keep(String key, RuleCondition condition, DeviceState state, String ruleId, boolean told) {
        boolean tracked = condition.open() || !condition.tracking().idle();
        if (tracked) {
            conditions.put(key, condition);
        } else {
            conditions.delete(key);
        }
        return new Outcome(state.withTrackedRule(ruleId, tracked), told);
    }

    private static Object valueOf(EvidenceReading reading) {
        if (reading.value() != null) {
            return reading.value();
        }
        return reading.booleanValue() != null ? reading.booleanValue() : reading.textValue();
    }

    private static city.urbanops.events.alert.AlertEvent.Evidence evidence(Condition condition, DeviceState state,
                                                                           EvidenceReading reading) {
        return ConditionText.evidence(condition, state.recentReadings(reading.measurement()));
    }

    record Outcome(DeviceState state, boolean told) {
    }
}
