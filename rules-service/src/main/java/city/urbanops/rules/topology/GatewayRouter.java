package city.urbanops.rules.topology;

import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a gateway's status change into a {@link Finding.GatewayChange} keyed by the gateway's district (from the
 * registry), so that triage sees every gateway of a district together, which is what makes a district-wide power
 * loss one alert.
 */
final class GatewayRouter implements Processor<String, GatewayStatusEvent, String, Finding> {

    private ProcessorContext<String, Finding> context;
    private KeyValueStore<String, DeviceRecord> registry;

    @Override
    public void init(ProcessorContext<String, Finding> context) {
        this.context = context;
        this.registry = context.getStateStore(RulesTopology.REGISTRY_STORE);
    }

    @Override
    public void process(Record<String, GatewayStatusEvent> record) {
        var status = record.value();
        var known = registry.get(status.gatewayId());
        var gateway = known != null ? DeviceContext.of(known)
                : DeviceContext.of(new DeviceRecord(status.gatewayId(), null, DeviceKind.GATEWAY, "edge-gateway", null,
                        null, null, null, null, null, null, null, null, 0, status.time()));
        var finding = new Finding.GatewayChange(gateway, status);
        context.forward(record.withKey(finding.district()).withValue(finding));
    }
}
