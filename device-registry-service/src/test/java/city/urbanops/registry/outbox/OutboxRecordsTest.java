package city.urbanops.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class OutboxRecordsTest {

    private static final URI SOURCE = URI.create("urn:urbanops:device-registry:registry-1");
    private static final Instant AT = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void aDeletionIsATombstoneWithCloudEventsHeadersAndItsSeq() {
        var row = new OutboxRow(17, Topics.REGISTRY_DEVICES, "aq-1", EventType.DEVICE, "aq-1/4", "aq-1", AT, null, null);

        var record = OutboxRecords.toRecord(row, SOURCE, "device-registry-outbox-registry");

        assertThat(record.value()).isNull();
        assertThat(record.key()).isEqualTo("aq-1");
        assertThat(header(record.headers().lastHeader("ce_id").value())).isEqualTo("aq-1/4");
        assertThat(header(record.headers().lastHeader("ce_type").value())).isEqualTo(EventType.DEVICE.ceType());
        assertThat(header(record.headers().lastHeader("ce_source").value())).isEqualTo(SOURCE.toString());
        assertThat(record.headers().lastHeader("content-type")).isNull();
        assertThat(OutboxRecords.seqOf(consumed(record))).contains(17L);
        assertThat(OutboxRecords.outboxOf(consumed(record))).contains("device-registry-outbox-registry");
    }

    @Test
    void aChangeCarriesItsJsonAndItsSeq() {
        byte[] json = "{\"deviceId\":\"aq-1\"}".getBytes(StandardCharsets.UTF_8);
        var row = new OutboxRow(18, Topics.REGISTRY_DEVICES, "aq-1", EventType.DEVICE, "aq-1/5", "aq-1", AT, json, null);

        var record = OutboxRecords.toRecord(row, SOURCE, "device-registry-outbox-registry");

        assertThat(record.value()).isEqualTo(json);
        assertThat(header(record.headers().lastHeader("content-type").value())).isEqualTo("application/json");
        assertThat(OutboxRecords.seqOf(consumed(record))).contains(18L);
        assertThat(OutboxRecords.eventIdOf(consumed(record))).contains("aq-1/5");
    }

    @Test
    void partitionsAreThoseOfKafkasDefaultPartitioner() {
        for (String key : new String[] {"aq-1", "gw-north-07", "sl-0107", "x"}) {
            assertThat(OutboxRecords.partitionOf(key, 6))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 6));
        }
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        var consumed = new ConsumerRecord<>(record.topic(), 0, 0L, record.key(), record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        return consumed;
    }

    private static String header(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
