package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.RulesTopology;
import city.urbanops.rules.triage.AlertBook.Subject;
import city.urbanops.rules.triage.DeviceFaultPolicy.Level;
import city.urbanops.rules.triage.IncidentPolicy.GatewaySeen;
import city.urbanops.rules.triage.Neighbourhood.NeighbourInCondition;
import city.urbanops.rules.triage.TriageStores.GatewayState;
import city.urbanops.rules.triage.TriageStores.HealthState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Triage of a device's own conditions (all but silences, which {@link NetworkWatch} judges) and of its health: runs
 * the policies in order (the device's own faults, neighbours confirming, neighbours disagreeing, a single healthy
 * sensor) and judges open alerts again when the evidence around them changes.
 */
final class ConditionTriage {

    /** The signal name of a stuck value: a fault that by construction has already lasted. */
    static final String STUCK_VALUE = "stuck-value";
    static final String HEALTH_ACTION = "Inspect and recalibrate the device; quarantine it in the registry if its"
            + " readings cannot be trusted";

    private final RulesSettings settings;
    private final AlertBook book;
    private final KeyValueStore<String, Finding.ConditionChange> conditions;
    private final SampleBook samples;
    private final KeyValueStore<String, HealthState> health;
    private final KeyValueStore<String, GatewayState> gateways;
    private final KeyValueStore<String, RuleRelease> rules;
    private final KeyValueStore<String, DeviceRecord> registry;

    ConditionTriage(ProcessorContext<?, ?> context, RulesSettings settings, AlertBook book) {
        this.settings = settings;
        this.book = book;
        this.conditions = context.getStateStore(TriageStores.CONDITIONS);
        this.samples = new SampleBook(context.getStateStore(TriageStores.SAMPLES));
        this.health = context.getStateStore(TriageStores.HEALTH);
        this.gateways = context.getStateStore(TriageStores.GATEWAYS);
        this.rules = context.getStateStore(RulesTopology.RULES_STORE);
        this.registry = context.getStateStore(RulesTopology.REGISTRY_STORE);
    }

    static String healthKey(String deviceId) {
        return "device-health/" + deviceId;
    }

    /** Whether the device is quarantined, as the registry or its latest health finding says. */
    boolean quarantined(DeviceContext device) {
        var record = registry.get(device.deviceId());
        var state = health.get(device.deviceId());
        return (record != null && record.quarantined()) || (state != null && state.quarantined());
    }

    void sample(Finding.Sample sample) {
        samples.put(sample);
    }

    /** A condition (not a silence) began, carries new evidence, or ended. */
    void condition(Finding.ConditionChange change, long receivedAt) {
        var key = change.conditionKey();
        var open = book.open(key);
        if (!change.active()) {
            conditions.delete(key);
            if (open != null) {
                book.clear(open, change.time(), change.rule().name() + " ended on " + change.device().deviceId()
                        + " at " + Wording.clock(change.time()), null, receivedAt);
                judgeNeighboursAgain(change, change.time(), receivedAt);
            }
            return;
        }
        conditions.put(key, change);
        if (open == null) {
            var verdict = judge(change, AlertEvent.alertIdOf(key, change.raisedAt()));
            book.raise(subjectOf(change), verdict, change.raisedAt(), change.time(), change.evidence(), List.of(), 0,
                    receivedAt);
            judgeNeighboursAgain(change, change.time(), receivedAt);
            return;
        }
        var verdict = judge(change, open.alertId());
        if (verdict.differsFrom(verdictOf(open)) || !Objects.equals(change.evidence(), open.evidence())) {
            book.update(open, verdict, change.time(), change.evidence(), null, null, receivedAt);
        }
    }

    /** The device's health changed: its device-health alert, then its open conditions judged again. */
    void health(Finding.HealthChange change, long receivedAt) {
        var device = change.device();
        health.put(device.deviceId(), new HealthState(device, change.health(), change.quarantined(), change.time()));
        var key = healthKey(device.deviceId());
        var open = book.open(key);
        if (change.health().faulty() || (open != null && change.quarantined())) {
            boolean persists = change.health().faults().stream().anyMatch(f -> STUCK_VALUE.equals(f.name()))
                    || (open != null && open.signals().stream().map(Signal::name).anyMatch(name -> change.health()
                    .faults().stream().anyMatch(fault -> fault.name().equals(name))))
                    || (open != null && open.proposal() != null);
            var alertId = open == null ? AlertEvent.alertIdOf(key, change.time()) : open.alertId();
            var verdict = DeviceFaultPolicy.deviceHealth(device, change.health(), change.quarantined(), persists,
                    alertId, change.time());
            var evidence = change.evidence() != null ? change.evidence() : new AlertEvent.Evidence(
                    "faults seen in " + device.deviceId() + "'s own readings", Map.of(), List.of());
            if (open == null) {
                book.raise(Subject.ofDevice(key, "Device fault at " + device.deviceId(), Severity.WARNING,
                        HEALTH_ACTION, null, device), verdict, change.time(), change.time(), evidence, List.of(), 0,
                        receivedAt);
            } else if (verdict.differsFrom(verdictOf(open))
                    || !Objects.equals(verdict.proposal(), open.proposal())) {
                book.update(open, verdict, change.time(), evidence, null, null, receivedAt);
            }
        } else if (open != null) {
            book.clear(open, change.time(), device.deviceId() + " reports no fault since "
                    + Wording.clock(change.time()), null, receivedAt);
        }
        for (var conditionKey : book.openOfDevice(device.deviceId())) {
            var condition = conditions.get(conditionKey);
            if (condition != null) {
                var updated = new Finding.ConditionChange(condition.conditionKey(), condition.rule(),
                        condition.device(), condition.active(), condition.absence(), condition.raisedAt(),
                        condition.time(), condition.evidence(), change.health());
                conditions.put(conditionKey, updated);
                judgeAgain(updated, change.time(), receivedAt);
            }
        }
    }

    /** A gateway's connectivity changed: the open conditions of the devices behind it say so. */
    void gatewayChanged(String gatewayId, Instant time, long receivedAt) {
        for (var conditionKey : book.openBehindGateway(gatewayId)) {
            var condition = conditions.get(conditionKey);
            if (condition != null) {
                judgeAgain(condition, time, receivedAt);
            }
        }
    }

    /** The order of the policies is the order of doubt: a device that reports its own fault is not believed. */
    Verdict judge(Finding.ConditionChange change, String alertId) {
        var device = change.device();
        return DeviceFaultPolicy.ownFaults(device, change.health(), alertId)
                .or(() -> IncidentPolicy.confirmedByNeighbours(device, neighboursInCondition(change),
                        settings.neighboursToConfirm(), settings.neighbourRadius()))
                .or(() -> disagreement(change, alertId))
                .orElseGet(() -> IncidentPolicy.singleSensor(device, gatewaySeen(device),
                        settings.neighbourRadius()));
    }

    private void judgeNeighboursAgain(Finding.ConditionChange change, Instant time, long receivedAt) {
        for (var key : book.openOfRule(change.rule().ruleId())) {
            var other = conditions.get(key);
            if (other != null && !key.equals(change.conditionKey()) && Neighbourhood.metresIfNeighbour(
                    change.device(), other.device(), settings.neighbourRadius()) >= 0) {
                judgeAgain(other, time, receivedAt);
            }
        }
    }

    private void judgeAgain(Finding.ConditionChange condition, Instant time, long receivedAt) {
        var open = book.open(condition.conditionKey());
        if (open == null || condition.absence()) {
            return;
        }
        var verdict = judge(condition, open.alertId());
        if (verdict.differsFrom(verdictOf(open))) {
            book.update(open, verdict, time, null, null, null, receivedAt);
        }
    }

    /** Neighbours whose own alert of the same rule is open and whose health gives no reason to doubt them. */
    private List<NeighbourInCondition> neighboursInCondition(Finding.ConditionChange change) {
        var found = new ArrayList<NeighbourInCondition>();
        for (var key : book.openOfRule(change.rule().ruleId())) {
            var other = conditions.get(key);
            if (other == null || other.absence() || other.health().faulty()) {
                continue;
            }
            double metres = Neighbourhood.metresIfNeighbour(change.device(), other.device(),
                    settings.neighbourRadius());
            if (metres >= 0) {
                found.add(new NeighbourInCondition(other.device().deviceId(), metres));
            }
        }
        found.sort(Comparator.comparingDouble(NeighbourInCondition::metres));
        return found;
    }

    /** Only a threshold has a level its neighbours can be compared with. */
    private Optional<Verdict> disagreement(Finding.ConditionChange change, String alertId) {
        var release = rules.get(change.rule().ruleId());
        if (release == null || !(release.document().condition() instanceof Condition.Threshold threshold)) {
            return Optional.empty();
        }
        var device = change.device();
        var value = latestValue(change, threshold.measurement());
        if (value == null) {
            return Optional.empty();
        }
        var candidates = samples.ofKind(String.valueOf(device.deviceType()), threshold.measurement());
        var fresh = Neighbourhood.freshReadings(device, candidates, settings.neighbourRadius(), change.time(),
                freshness());
        return DeviceFaultPolicy.disagreesWithNeighbours(device, threshold.measurement(), value,
                new Level(threshold.direction(), threshold.value(), threshold.clearAt()), fresh,
                settings.neighbourRadius(), alertId);
    }

    /**
     * A neighbour's sample is fresh within two sampling intervals of the condition: the device stage shares a value
     * at most once per interval, so a neighbour reporting normally always has one that recent.
     */
    Duration freshness() {
        return settings.sampleEvery().multipliedBy(2);
    }

    /** The device's value: the newest evidence reading of the measurement, else its own latest sample. */
    private Double latestValue(Finding.ConditionChange change, String measurement) {
        var readings = change.evidence() == null ? List.<AlertEvent.EvidenceReading>of()
                : change.evidence().readings();
        for (int i = readings.size() - 1; i >= 0; i--) {
            var reading = readings.get(i);
            if (measurement.equals(reading.measurement()) && reading.value() != null) {
                return reading.value();
            }
        }
        var own = samples.latest(String.valueOf(change.device().deviceType()), measurement,
                change.device().deviceId());
        return own == null ? null : own.value();
    }

    private GatewaySeen gatewaySeen(DeviceContext device) {
        var state = device.gatewayId() == null ? null : gateways.get(device.gatewayId());
        if (state == null) {
            return GatewaySeen.UNKNOWN;
        }
        return state.offline() ? GatewaySeen.OFFLINE : GatewaySeen.ONLINE;
    }

    static Subject subjectOf(Finding.ConditionChange change) {
        var device = change.device();
        var title = change.rule().name() + " at " + device.deviceId()
                + (device.siteId() == null ? "" : " (" + device.siteId() + ")");
        return Subject.ofDevice(change.conditionKey(), title, change.rule().severity(),
                change.rule().recommendedAction(), change.rule(), device);
    }

    static Verdict verdictOf(AlertEvent alert) {
        return new Verdict(alert.cause(), alert.causeExplanation(), alert.signals(), alert.proposal());
    }
}
