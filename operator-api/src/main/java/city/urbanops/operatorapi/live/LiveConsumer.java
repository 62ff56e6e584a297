package city.urbanops.operatorapi.live;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertLifecycleEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.operatorapi.kafka.OperatorDeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Feeds the {@link LiveHub} from {@code alerts.lifecycle}, {@code gateway.status} and {@code registry.devices} (a
 * device's lifecycle, quarantine or placement changed: SSE event {@code device}, in the device's department and
 * district). Every operator-api instance
 * reads every record (a consumer group of its own, {@code operator-live-<random>}) from the end: the live stream is
 * about now; what happened before is the queue page's. It never commits an offset (it starts from the end every
 * time), so its group holds nothing and Kafka forgets it as soon as the instance leaves: restarts leave no consumer
 * groups behind. A record that cannot be read goes to {@code operator.dead-letter} with the reason in
 * {@value #REASON_HEADER}.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
class LiveConsumer {

    static final String REASON_HEADER = OperatorDeadLetters.REASON_HEADER;

    private final LiveHub hub;
    private final EventJson json = new EventJson();
    private final OperatorDeadLetters deadLetters;
    private final MeterRegistry meters;

    LiveConsumer(LiveHub hub, OperatorDeadLetters deadLetters, MeterRegistry meters) {
        this.hub = hub;
        this.meters = meters;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "operator-live", topics = {Topics.ALERTS_LIFECYCLE, Topics.GATEWAY_STATUS,
            Topics.REGISTRY_DEVICES},
            groupId = "operator-live-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest", containerPostProcessor = "liveCommitsNothing")
    void onRecord(ConsumerRecord<String, byte[]> record) {
        try {
            if (Topics.ALERTS_LIFECYCLE.equals(record.topic())) {
                AlertLifecycleEvent event = read(record, AlertLifecycleEvent.class);
                hub.publish("alert", event.department(), event.district(), json.writeString(event));
            } else if (Topics.GATEWAY_STATUS.equals(record.topic())) {
                GatewayStatusEvent event = read(record, GatewayStatusEvent.class);
                hub.publish("gateway", null, null, json.writeString(event));
            } else {
                if (record.value() == null) {
                    return; // a compaction tombstone: nothing a person needs to see now
                }
                DeviceRecord device = read(record, DeviceRecord.class);
                hub.publish("device", device.department(), device.district(), json.writeString(device));
            }
            meters.counter("urbanops.operator.live.events", "topic", record.topic()).increment();
        } catch (Unreadable e) {
            deadLetters.publish(record, "UNREADABLE", e.getMessage());
            meters.counter("urbanops.operator.live.dead.letters", "reason", "UNREADABLE").increment();
        }
    }

    /** The live container commits no offset, not even its start position when partitions are assigned. */
    @Bean
    static ContainerPostProcessor<String, byte[], AbstractMessageListenerContainer<String, byte[]>> liveCommitsNothing() {
        return container -> container.getContainerProperties()
                .setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
    }

    private <T> T read(ConsumerRecord<String, byte[]> record, Class<T> type) {
        if (record.value() == null) {
            throw new Unreadable("no value");
        }
        try {
            T event = json.read(record.value(), type);
            if (event == null) {
                throw new Unreadable("null document");
            }
            return event;
        } catch (JacksonException e) {
            throw new Unreadable(e.getOriginalMessage());
        }
    }

    static final class Unreadable extends RuntimeException {
        Unreadable(String detail) {
            super("UNREADABLE: " + detail, null, false, false);
        }
    }
}
