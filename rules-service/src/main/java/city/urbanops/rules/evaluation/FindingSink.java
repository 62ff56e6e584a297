package city.urbanops.rules.evaluation;

import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.Health;
import city.urbanops.rules.topology.PromptCommit;
import city.urbanops.rules.topology.RuleRef;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where the device stage's findings leave it: keyed by the device's district (triage's key), stamped with the
 * finding's own time so the repartition topic carries event time on to triage.
 */
final class FindingSink {

    private final ProcessorContext<String, Finding> context;
    private final KeyValueStore<String, DeviceRecord> registry;
    private final PromptCommit promptCommit;

    FindingSink(ProcessorContext<String, Finding> context, KeyValueStore<String, DeviceRecord> registry,
                PromptCommit promptCommit) {
        this.context = context;
        this.registry = registry;
        this.promptCommit = promptCommit;
    }

    /** Forwards a finding; all but samples (routine, for comparison) reach triage at a prompt commit. */
    void send(Finding finding, Instant time) {
        context.forward(new Record<>(finding.district(), finding, time.toEpochMilli()));
        if (!(finding instanceof Finding.Sample)) {
            promptCommit.request();
        }
    }

    void condition(String conditionKey, RuleRef rule, DeviceContext device, boolean active, boolean absence,
                   Instant raisedAt, Instant time, Evidence evidence, Health health) {
        send(new Finding.ConditionChange(conditionKey, rule, device, active, absence, raisedAt, time, evidence,
                health), time);
    }

    /**
     * The device as the registry has it now; a device the registry no longer knows keeps its id and is filed under
     * {@link DeviceContext#NO_DISTRICT}, so what ends for it still reaches triage.
     */
    DeviceContext device(String deviceId) {
        var known = registry.get(deviceId);
        return known != null ? DeviceContext.of(known)
                : new DeviceContext(deviceId, null, null, null, DeviceContext.NO_DISTRICT, null, null, null);
    }

    Instant wallClock() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
