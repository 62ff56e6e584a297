package city.urbanops.events.codec;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds and reads Kafka records in CloudEvents binary mode: attributes in {@code ce_*} headers, the JSON data as
 * the record value, {@code content-type: application/json}.
 */
public final class CloudEventRecords {

    private static final String JSON = "application/json";

    private CloudEventRecords() {
    }

    /**
     * A record for {@code topic} keyed by {@code key}. {@code id} must be stable for the same fact so that consumers
     * can drop re-deliveries; {@code source} names the producing service instance.
     */
    public static ProducerRecord<String, byte[]> toRecord(String topic, String key, EventType type, String id,
                                                          URI source, String subject, Instant time, byte[] data) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(id)
                .withType(type.ceType())
                .withSource(source)
                .withSubject(subject)
                .withTime(time.atOffset(ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withDataSchema(type.dataSchema())
                .withData(data)
                .build();
        return KafkaMessageFactory.<String>createWriter(topic, null, null, key).writeBinary(event);
    }

    /** The CloudEvent carried by a consumed record, or empty if its headers are not a binary-mode CloudEvent. */
    public static Optional<CloudEvent> fromRecord(ConsumerRecord<?, byte[]> record) {
        try {
            return Optional.of(KafkaMessageFactory.createReader(record.headers(), record.value()).toEvent());
        } catch (RuntimeException notACloudEvent) {
            return Optional.empty();
        }
    }
}
