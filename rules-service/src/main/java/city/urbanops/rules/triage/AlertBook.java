package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.events.alert.AlertEvent.Transition;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.PromptCommit;
import city.urbanops.rules.topology.RuleRef;
import city.urbanops.rules.topology.RulesMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lifecycle of alerts per condition key: at most one open per key (the store decides, not timing), raised at
 * revision 0, updated with revision + 1, cleared and forgotten. Every transition is forwarded and metered here.
 */
final class AlertBook {

    private final ProcessorContext<String, AlertEvent> context;
    private final RulesMetrics metrics;
    private final KeyValueStore<String, AlertEvent> alerts;
    private final KeyValueStore<String, String> index;
    private final PromptCommit promptCommit;

    AlertBook(ProcessorContext<String, AlertEvent> context, RulesMetrics metrics, PromptCommit promptCommit) {
        this.context = context;
        this.metrics = metrics;
        this.promptCommit = promptCommit;
        this.alerts = context.getStateStore(TriageStores.ALERTS);
        this.index = context.getStateStore(TriageStores.INDEX);
    }

    /** Who and where an alert is about, and what its rule (if any) says about it. */
    record Subject(String conditionKey, String title, Severity severity, String recommendedAction, String ruleId,
                   Integer ruleVersion, String deviceId, String gatewayId, String siteId, String department,
                   String district, Double latitude, Double longitude) {

        static Subject ofDevice(String key, String title, Severity severity, String action, RuleRef rule,
                                DeviceContext device) {
            return new Subject(key, title, severity, action, rule == null ? null : rule.ruleId(),
                    rule == null ? null : rule.version(), device.deviceId(), device.gatewayId(), device.siteId(),
                    device.department(), device.district(), device.latitude(), device.longitude());
        }

        static Subject ofGateway(String key, String title, Severity severity, String action, DeviceContext gateway) {
            return new Subject(key, title, severity, action, null, null, null, gateway.deviceId(), gateway.siteId(),
                    gateway.department(), gateway.district(), gateway.latitude(), gateway.longitude());
        }

        static Subject ofGroup(String key, String title, Severity severity, String action, RuleRef rule,
                               DeviceContext anyMember, String siteId) {
            return new Subject(key, title, severity, action, rule == null ? null : rule.ruleId(),
                    rule == null ? null : rule.version(), null, null, siteId, anyMember.department(),
                    anyMember.district(), null, null);
        }
    }

    /** The open alert of {@code conditionKey}, or null. */
    AlertEvent open(String conditionKey) {
        return alerts.get(conditionKey);
    }

    /** Condition keys of the open alerts of one device. */
    List<String> openOfDevice(String deviceId) {
        return indexed(TriageStores.key("device", deviceId, ""));
    }

    /** Condition keys of the open alerts of the devices behind one gateway. */
    List<String> openBehindGateway(String gatewayId) {
        return indexed(TriageStores.key("gateway", gatewayId, ""));
    }

    /** Condition keys of the open alerts of one rule. */
    List<String> openOfRule(String ruleId) {
        return indexed(TriageStores.key("rule", ruleId, ""));
    }

    /**
     * Raises the condition; if it is already open (whatever path led here twice), the open alert is updated
     * instead, so a key never has two open occurrences.
     */
    AlertEvent raise(Subject s, Verdict verdict, Instant raisedAt, Instant time, Evidence evidence,
                     List<String> suppressed, int suppressedCount, long receivedAt) {
        var already = alerts.get(s.conditionKey());
        if (already != null) {
            boolean lists = suppressed != null && !suppressed.isEmpty();
            return update(already, verdict, time, evidence, lists ? suppressed : null, lists ? suppressedCount : null,
                    receivedAt);
        }
        var alert = new AlertEvent(AlertEvent.alertIdOf(s.conditionKey(), raisedAt), s.conditionKey(),
                Transition.RAISED, 0, s.severity(), verdict.cause(), verdict.explanation(), verdict.signals(),
                s.title(), s.recommendedAction(), s.ruleId(), s.ruleVersion(), s.deviceId(), s.gatewayId(),
                s.siteId(), s.department(), s.district(), s.latitude(), s.longitude(), raisedAt, time, evidence,
                suppressed, suppressedCount, null, verdict.proposal());
        alerts.put(s.conditionKey(), alert);
        if (s.deviceId() != null) {
            index.put(TriageStores.key("device", s.deviceId(), s.conditionKey()), s.conditionKey());
        }
        if (s.ruleId() != null) {
            index.put(TriageStores.key("rule", s.ruleId(), s.conditionKey()), s.conditionKey());
        }
        if (s.deviceId() != null && s.gatewayId() != null) {
            index.put(TriageStores.key("gateway", s.gatewayId(), s.conditionKey()), s.conditionKey());
        }
        emit(alert, receivedAt);
        return alert;
    }

    /** A new judgement or new evidence of an open alert; a null argument keeps what the alert had. */
    AlertEvent update(AlertEvent open, Verdict verdict, Instant time, Evidence evidence, List<String> suppressed,
                      Integer suppressedCount, long receivedAt) {
        var v = verdict == null ? new Verdict(open.cause(), open.causeExplanation(), open.signals(), open.proposal())
                : verdict;
        var alert = transition(open, Transition.UPDATED, v, time, evidence == null ? open.evidence() : evidence,
                suppressed == null ? open.suppressed() : suppressed,
                suppressedCount == null ? open.suppressedCount() : suppressedCount, open.explainedBy());
        alerts.put(open.conditionKey(), alert);
        emit(alert, receivedAt);
        return alert;
    }

    /** The condition ended ({@code why} says how) or another alert now explains it ({@code explainedBy}). */
    void clear(AlertEvent open, Instant time, String why, String explainedBy, long receivedAt) {
        var verdict = new Verdict(open.cause(), why, open.signals(), open.proposal());
        var alert = transition(open, Transition.CLEARED, verdict, time, open.evidence(), open.suppressed(),
                open.suppressedCount(), explainedBy);
        alerts.delete(open.conditionKey());
        if (open.deviceId() != null) {
            index.delete(TriageStores.key("device", open.deviceId(), open.conditionKey()));
        }
        if (open.ruleId() != null) {
            index.delete(TriageStores.key("rule", open.ruleId(), open.conditionKey()));
        }
        if (open.deviceId() != null && open.gatewayId() != null) {
            index.delete(TriageStores.key("gateway", open.gatewayId(), open.conditionKey()));
        }
        emit(alert, receivedAt);
    }

    private static AlertEvent transition(AlertEvent open, Transition transition, Verdict verdict, Instant time,
                                         Evidence evidence, List<String> suppressed, int suppressedCount,
                                         String explainedBy) {
        return new AlertEvent(open.alertId(), open.conditionKey(), transition, open.revision() + 1, open.severity(),
                verdict.cause(), verdict.explanation(), verdict.signals(), open.title(), open.recommendedAction(),
                open.ruleId(), open.ruleVersion(), open.deviceId(), open.gatewayId(), open.siteId(),
                open.department(), open.district(), open.latitude(), open.longitude(), open.raisedAt(),
                // a transition never goes back in event time, even when the evidence behind it is older
                time.isBefore(open.time()) ? open.time() : time, evidence, suppressed, suppressedCount, explainedBy,
                verdict.proposal());
    }

    private void emit(AlertEvent alert, long receivedAt) {
        context.forward(new Record<>(alert.conditionKey(), alert, alert.time().toEpochMilli()));
        promptCommit.request();
        metrics.alertEmitted(alert, Math.max(0, context.currentSystemTimeMs() - receivedAt));
    }

    private List<String> indexed(String prefix) {
        var keys = new ArrayList<String>();
        try (var entries = index.prefixScan(prefix, new StringSerializer())) {
            entries.forEachRemaining(entry -> keys.add(entry.value));
        }
        return keys;
    }
}
