package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dry run's history, read from a real broker ({@link HistoryBroker}): the range, in time order, in scope, committed only. */
class KafkaHistoryIT {

    private static final List<String> HISTORY_TOPICS = List.of(Topics.TELEMETRY_STATE, Topics.TELEMETRY_ENVIRONMENTAL,
            Topics.TELEMETRY_MOBILITY, Topics.TELEMETRY_FAILURE, Topics.GATEWAY_STATUS);

    private final String bootstrap = HistoryBroker.bootstrapServers();
    private final HistoryConsumers consumers =
            new HistoryConsumers(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Duration.ofSeconds(30));
    private final RecordedHistory history = new RecordedHistory(bootstrap);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() {
        history.close();
    }

    @Test
    void exactlyTheRecordsOfTheRangeComeInTimeOrder() {
        var from = RecordedHistory.freshWindow();
        var to = from.plus(Duration.ofMinutes(10));
        var devices = List.of("hist-a-" + run, "hist-b-" + run, "hist-c-" + run, "hist-d-" + run);
        var gateway = "hist-gw-" + run;
        // Produced in time order, as ingestion stamps records when it receives them; the devices and the gateway
        // are spread over partitions and topics, which the merge must interleave back into that order.
        for (int d = 0; d < devices.size(); d++) {
            history.reading(devices.get(d), gateway, from.minusSeconds(60 - d), 1.0);
        }
        for (int i = 0; i < 5; i++) {
            for (int d = 0; d < devices.size(); d++) {
                history.reading(devices.get(d), gateway, from.plusSeconds(100L * i + d), 1.0 + i);
            }
            if (i == 2) {
                history.gatewayStatus(gateway, from.plusSeconds(250), Connectivity.OFFLINE);
            }
        }
        for (int d = 0; d < devices.size(); d++) {
            history.reading(devices.get(d), gateway, to.plusMillis(d), 9.0);
        }
        history.gatewayStatus(gateway, to.plusSeconds(60), Connectivity.ONLINE);

        var read = readAll(from, to, record -> record.key() != null
                && (devices.contains(record.key()) || record.key().equals(gateway)));

        var expected = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            for (int d = 0; d < devices.size(); d++) {
                expected.add(devices.get(d) + "@" + from.plusSeconds(100L * i + d));
            }
        }
        expected.add(gateway + "@" + from.plusSeconds(250));
        expected.sort((a, b) -> Instant.parse(a.substring(a.indexOf('@') + 1))
                .compareTo(Instant.parse(b.substring(b.indexOf('@') + 1))));
        assertThat(read).extracting(record -> record.key() + "@" + record.time()).containsExactlyElementsOf(expected);
    }

    @Test
    void aNarrowScopeGetsOnlyItsDevicesReadingsAndTheirGatewaysStatus() {
        var from = RecordedHistory.freshWindow();
        var to = from.plus(Duration.ofMinutes(10));
        var north = "north-" + run;
        var inScope = RecordedHistory.sensor("scope-in-" + run, "scope-gw-in-" + run, "water", north);
        var otherDistrict = RecordedHistory.sensor("scope-out-" + run, "scope-gw-out-" + run, "water", "south-" + run);
        history.register(inScope, otherDistrict, RecordedHistory.gateway("scope-gw-in-" + run, "water", north));
        history.reading(inScope.deviceId(), inScope.gatewayId(), from.plusSeconds(1), 1.0);
        history.reading(otherDistrict.deviceId(), otherDistrict.gatewayId(), from.plusSeconds(2), 1.0);
        history.gatewayStatus(inScope.gatewayId(), from.plusSeconds(3), Connectivity.OFFLINE);
        history.gatewayStatus(otherDistrict.gatewayId(), from.plusSeconds(4), Connectivity.OFFLINE);
        var registry = registry();

        var coverage = Coverage.of(new Scope(null, List.of("water"), List.of(north), null, null), registry);
        var read = readAll(from, to, coverage);

        assertThat(read).extracting(record -> record.topic() + "/" + record.key()).containsExactly(
                Topics.TELEMETRY_ENVIRONMENTAL + "/" + inScope.deviceId(),
                Topics.GATEWAY_STATUS + "/" + inScope.gatewayId());
    }

    @Test
    void recordsOfAnAbortedTransactionAreNotHistory() throws Exception {
        var from = RecordedHistory.freshWindow();
        var to = from.plus(Duration.ofMinutes(10));
        var aborted = "tx-aborted-" + run;
        var committed = "tx-committed-" + run;
        try (var producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(history.readingRecord(aborted, "gw", from.plusSeconds(1), 1.0)).get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(history.readingRecord(committed, "gw", from.plusSeconds(2), 1.0)).get();
            producer.commitTransaction();
        }

        var read = readAll(from, to, record -> Set.of(aborted, committed).contains(record.key()));

        assertThat(read).extracting(HistoryRecord::key).containsExactly(committed);
    }

    @Test
    void theRecordBudgetEndsTheHistoryAndSaysSo() throws Exception {
        // A topic of the test's own: every record read counts against the budget, kept or not.
        var topic = "dry-run-budget-" + run;
        HistoryBroker.broker().createTopics(topic);
        var from = RecordedHistory.freshWindow();
        try (var producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, from.plusSeconds(i).toEpochMilli(), "k" + i,
                        new byte[0])).get();
            }
        }

        try (var reader = KafkaHistory.open(consumers, List.of(topic), from, from.plusSeconds(600), record -> true, 4)) {
            var read = new ArrayList<HistoryRecord>();
            reader.forEachRemaining(read::add);

            assertThat(read).hasSize(4);
            assertThat(reader.scanned()).isEqualTo(4);
            assertThat(reader.budgetExhausted()).isTrue();
        }
    }

    @Test
    void aRangeThatBeginsBeforeTheOldestRetainedRecordSaysWhereHistoryStarts() throws Exception {
        var topic = "dry-run-retention-" + run;
        HistoryBroker.broker().createTopics(topic);
        var from = RecordedHistory.freshWindow();
        try (var producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, from.plusSeconds(60L * i).toEpochMilli(), "k",
                        new byte[0])).get();
            }
        }
        // Retention removed the first two records, as it does once they are older than the topic keeps.
        HistoryBroker.broker().admin().deleteRecords(Map.of(new TopicPartition(topic, 0),
                RecordsToDelete.beforeOffset(2))).all().get();

        try (var reader = KafkaHistory.open(consumers, List.of(topic), from, from.plusSeconds(600), r -> true, 100)) {
            var read = new ArrayList<HistoryRecord>();
            reader.forEachRemaining(read::add);

            assertThat(reader.historyStartsAt()).contains(from.plusSeconds(120));
            assertThat(read).extracting(HistoryRecord::offset).containsExactly(2L, 3L);
        }
        try (var reader = KafkaHistory.open(consumers, List.of(topic), from.plusSeconds(150), from.plusSeconds(600),
                r -> true, 100)) {
            assertThat(reader.historyStartsAt()).as("a range after the cut is complete").isEmpty();
        }
    }

    private List<HistoryRecord> readAll(Instant from, Instant to, Predicate<HistoryRecord> keep) {
        try (var reader = KafkaHistory.open(consumers, HISTORY_TOPICS, from, to, keep, 5_000_000)) {
            var read = new ArrayList<HistoryRecord>();
            reader.forEachRemaining(read::add);
            assertThat(reader.budgetExhausted()).isFalse();
            return read;
        }
    }

    private List<DeviceRecord> registry() {
        var json = new EventJson();
        return CompactedTopic.latest(consumers, Topics.REGISTRY_DEVICES).values().stream()
                .map(record -> json.read(record.value(), DeviceRecord.class)).toList();
    }

    private KafkaProducer<String, byte[]> transactionalProducer() {
        var properties = producerProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dry-run-test-" + run);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private Properties producerProperties() {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }
}
