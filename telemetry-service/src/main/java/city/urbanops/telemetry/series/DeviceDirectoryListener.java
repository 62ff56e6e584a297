package city.urbanops.telemetry.series;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Feeds the {@link DeviceDirectory} from the compacted registry topic. Every instance needs every device, so each
 * start reads the whole topic under a group id of its own and never commits an offset.
 */
@Component
class DeviceDirectoryListener {

    private static final Logger log = LoggerFactory.getLogger(DeviceDirectoryListener.class);

    private final DeviceDirectory directory;
    private final EventJson json = new EventJson();
    private final MeterRegistry meters;

    DeviceDirectoryListener(DeviceDirectory directory, MeterRegistry meters) {
        this.directory = directory;
        this.meters = meters;
        Gauge.builder("urbanops.telemetry.directory.devices", directory, DeviceDirectory::size)
                .description("Devices known to the scope directory").register(meters);
    }

    @KafkaListener(id = "telemetry-device-directory", topics = Topics.REGISTRY_DEVICES, batch = "false",
            groupId = "telemetry-service-directory-#{T(java.util.UUID).randomUUID()}",
            properties = {"auto.offset.reset=earliest", "enable.auto.commit=false"})
    void onDevice(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("Ignoring registry record without key at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            meters.counter("urbanops.telemetry.undecodable", "topic", record.topic()).increment();
            return;
        }
        if (record.value() == null) {
            directory.apply(record.key(), null);
            return;
        }
        try {
            directory.apply(record.key(), json.read(record.value(), DeviceRecord.class));
        } catch (JacksonException undecodable) {
            log.warn("Skipping undecodable registry record {}-{}@{} (key {}): {}", record.topic(),
                    record.partition(), record.offset(), record.key(), undecodable.getOriginalMessage());
            meters.counter("urbanops.telemetry.undecodable", "topic", record.topic()).increment();
        }
    }
}
