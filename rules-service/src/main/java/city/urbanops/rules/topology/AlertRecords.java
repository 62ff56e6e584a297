package city.urbanops.rules.topology;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventType;
import java.net.URI;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Gives each alert on its way to the {@code alerts} topic its CloudEvents headers (binary mode, like every other
 * topic), with {@code ce_id} = {@link AlertEvent#eventId()}: a transition written twice carries the same id.
 */
final class AlertRecords implements FixedKeyProcessor<String, AlertEvent, AlertEvent> {

    private static final URI SOURCE = URI.create("urbanops:rules-service");

    private FixedKeyProcessorContext<String, AlertEvent> context;

    @Override
    public void init(FixedKeyProcessorContext<String, AlertEvent> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, AlertEvent> record) {
        var alert = record.value();
        var headers = CloudEventRecords.toRecord("alerts", record.key(), EventType.ALERT, alert.eventId(), SOURCE,
                alert.conditionKey(), alert.time(), new byte[0]).headers();
        context.forward(record.withHeaders(headers));
    }
}
