package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.topology.RuleRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Devices, rules and findings as the registry and the device stage make them, for triage's tests. */
final class Fixtures {

    /** About 111 m of latitude: neighbours placed this far apart stay well within a 1 km radius. */
    static final double STEP = 0.001;

    private Fixtures() {
    }

    static DeviceRecord gateway(String id, String district) {
        return new DeviceRecord(id, null, DeviceKind.GATEWAY, "edge-gateway", null, DeviceLifecycle.ACTIVE, null,
                "water", district, "site-" + id, 52.0, 13.0, List.of(), 1, TriageHarness.START);
    }

    static DeviceRecord sensor(String id, String type, String gatewayId, String district, double latitude) {
        return new DeviceRecord(id, null, DeviceKind.SENSOR, type, gatewayId, DeviceLifecycle.ACTIVE, null, "water",
                district, null, latitude, 13.0, List.of("water_level"), 1, TriageHarness.START);
    }

    static DeviceRecord quarantined(DeviceRecord device) {
        return new DeviceRecord(device.deviceId(), device.externalId(), device.kind(), device.deviceType(),
                device.gatewayId(), device.lifecycle(), new DeviceRecord.Quarantine("stuck", "supervisor",
                TriageHarness.START), device.department(), device.district(), device.siteId(), device.latitude(),
                device.longitude(), device.measurements(), device.version() + 1, TriageHarness.START);
    }

    static DeviceContext context(DeviceRecord device) {
        return DeviceContext.of(device);
    }

    static RuleRelease thresholdRule(String ruleId, double level, double clearAt) {
        return new RuleRelease(ruleId, 1, new RuleDocument("Flood level high", "water above the quay",
                Severity.MAJOR, "Close the underpass", Scope.everything(),
                new Condition.Threshold("water_level", Condition.Direction.ABOVE, level, clearAt, Duration.ZERO)),
                TriageHarness.START, "supervisor");
    }

    static RuleRelease absenceRule(String ruleId) {
        return new RuleRelease(ruleId, 1, new RuleDocument("Device silent", "no reading for 10 minutes",
                Severity.WARNING, "Check the device", Scope.everything(),
                new Condition.Absence(null, Duration.ofMinutes(10))), TriageHarness.START, "supervisor");
    }

    static Condition.GroupCount groupCondition() {
        return new Condition.GroupCount("water_level", Condition.Direction.ABOVE, 1.5,
                Condition.GroupCount.GroupBy.DISTRICT, 3, Duration.ofMinutes(10));
    }

    static RuleRelease groupRule(String ruleId) {
        return new RuleRelease(ruleId, 1, new RuleDocument("Flooding across the district", "three above 1.5 m",
                Severity.CRITICAL, "Open the flood gates", Scope.everything(), groupCondition()),
                TriageHarness.START, "supervisor");
    }

    static RuleRef ref(RuleRelease release) {
        return RuleRef.of(release);
    }

    static Evidence levelEvidence(DeviceRecord device, Instant time, double value) {
        return new Evidence("water_level above 1.5 m", Map.of("value", 1.5, "clearAt", 1.2),
                List.of(new EvidenceReading(device.deviceId(), time, "water_level", value, null, null)));
    }

    static Finding.ConditionChange threshold(RuleRelease rule, DeviceRecord device, boolean active, Instant raisedAt,
                                             Instant time, double value, Health health) {
        return new Finding.ConditionChange(rule.ruleId() + "/" + device.deviceId(), ref(rule), context(device),
                active, false, raisedAt, time, levelEvidence(device, time, value), health);
    }

    static Finding.ConditionChange absence(RuleRelease rule, DeviceRecord device, Instant raisedAt, Instant time) {
        return absence(rule, device, true, raisedAt, time);
    }

    static Finding.ConditionChange absence(RuleRelease rule, DeviceRecord device, boolean active, Instant raisedAt,
                                           Instant time) {
        return new Finding.ConditionChange(rule.ruleId() + "/" + device.deviceId(), ref(rule), context(device),
                active, true, raisedAt, time, new Evidence("no reading for 10 min", Map.of("forSeconds", 600.0),
                List.of()), Health.good());
    }

    static Finding.Sample sample(DeviceRecord device, double value, Instant time) {
        return new Finding.Sample(context(device), "water_level", value, time);
    }

    static Finding.GatewayChange status(DeviceRecord gateway, GatewayStatusEvent.Connectivity connectivity,
                                        Instant time) {
        var cause = connectivity == GatewayStatusEvent.Connectivity.OFFLINE
                ? GatewayStatusEvent.Cause.CONNECTION_LOST : GatewayStatusEvent.Cause.CONNECTED;
        return new Finding.GatewayChange(context(gateway), new GatewayStatusEvent(gateway.deviceId(), connectivity,
                cause, null, "ingestion-1", time));
    }

    static Health stuck() {
        return new Health(List.of(new Signal("stuck-value", "water_level 2.1 for 12 readings over 35 min")));
    }
}
