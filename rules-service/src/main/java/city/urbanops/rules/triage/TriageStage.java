package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/** The triage stage (keyed by district): decides cause, suppression and grouping, and emits alerts. Being built. */
public final class TriageStage implements Processor<String, Finding, String, AlertEvent> {

    public static ProcessorSupplier<String, Finding, String, AlertEvent> supplier(RulesSettings settings,
                                                                                 RulesMetrics metrics) {
        return TriageStage::new;
    }

    @Override
    public void init(ProcessorContext<String, AlertEvent> context) {
    }

    @Override
    public void process(Record<String, Finding> record) {
    }
}
