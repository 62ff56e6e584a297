package city.urbanops.registry.outbox;

import city.urbanops.events.codec.CloudEventRecords;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * Turns outbox rows into CloudEvents binary-mode Kafka records, each stamped with its row's {@code seq} in the header
 * {@value #SEQ_HEADER} and its outbox in {@value #OUTBOX_HEADER}, so that a relay taking over can tell from the topic's
 * tail which of its rows reached Kafka (records another registry wrote to the same topic, as tests sharing a broker do,
 * are not mistaken for its own).
 */
final class OutboxRecords {

    /** The outbox seq of the row a record was relayed from: 8 bytes, big-endian. */
    static final String SEQ_HEADER = "urbanops_outbox_seq";
    /** Which outbox a record was relayed from: the relay's transactional id, UTF-8. */
    static final String OUTBOX_HEADER = "urbanops_outbox";

    private OutboxRecords() {
    }

    static ProducerRecord<String, byte[]> toRecord(OutboxRow row, URI source, String outbox) {
        var record = row.value() == null ? tombstone(row, source)
                : CloudEventRecords.toRecord(row.topic(), row.key(), row.eventType(), row.eventId(), source,
                        row.subject(), row.eventTime(), row.value());
        record.headers().add(SEQ_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(row.seq()).array());
        record.headers().add(OUTBOX_HEADER, outbox.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * A deletion: the CloudEvents attributes without data, so the record value is null and compaction drops the key.
     * ({@link CloudEventRecords#toRecord} requires data; a data-less event has neither content type nor schema.)
     */
    private static ProducerRecord<String, byte[]> tombstone(OutboxRow row, URI source) {
        var event = CloudEventBuilder.v1()
                .withId(row.eventId())
                .withType(row.eventType().ceType())
                .withSource(source)
                .withSubject(row.subject())
                .withTime(row.eventTime().atOffset(ZoneOffset.UTC))
                .build();
        return KafkaMessageFactory.<String>createWriter(row.topic(), null, null, row.key()).writeBinary(event);
    }

    /** The outbox seq a consumed record was relayed from, if it carries one. */
    static Optional<Long> seqOf(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(SEQ_HEADER);
        return header == null || header.value().length != Long.BYTES ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(header.value()).getLong());
    }

    /** The {@code ce_id} of a consumed record, if it has one. */
    static Optional<String> eventIdOf(ConsumerRecord<?, ?> record) {
        return text(record, "ce_id");
    }

    /** The outbox a consumed record was relayed from, if it names one. */
    static Optional<String> outboxOf(ConsumerRecord<?, ?> record) {
        return text(record, OUTBOX_HEADER);
    }

    private static Optional<String> text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The partition Kafka's default partitioner gives {@code key} on a topic of {@code partitions} partitions. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
