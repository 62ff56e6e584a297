package city.urbanops.rules.evaluation;

import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/** The device stage (keyed by device id): evaluates each device's rules and health. Being built. */
public final class DeviceStage implements Processor<String, TelemetryRecord, String, Finding> {

    public static ProcessorSupplier<String, TelemetryRecord, String, Finding> supplier(RulesSettings settings,
                                                                                       RulesMetrics metrics) {
        return DeviceStage::new;
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
    }

    @Override
    public void process(Record<String, TelemetryRecord> record) {
    }
}
