package city.urbanops.telemetry.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records the store cannot keep go to its dead letter, once each, and never hold up the readings behind them. */
class StoreDeadLetterIT extends TelemetryServiceIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void recordsTheDatabaseRefusesAreDeadLetteredOnceAndEveryReadingAroundThemIsStored() {
        String device = newDeviceId("poison");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(10));
        // U+0000 is valid JSON but cannot be PostgreSQL text; year 300000 is a valid Instant but no timestamptz.
        TelemetryRecord nul = reading(device, 101, t0.plusSeconds(101), EventClass.STATE,
                Measurement.numeric("dimming", "%", 50), Measurement.text("on", "E\u0000X"));
        TelemetryRecord beyondTimestamptz = reading(device, 202, Instant.parse("+300000-01-01T00:00:00Z"),
                EventClass.STATE, Measurement.numeric("fill_level", "%", 40));
        double refusedBefore = deadLetterCount(DeadLetterReason.REFUSED_BY_DATABASE);

        try (TopicProbe deadLetters = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.TELEMETRY_STORE_DEAD_LETTER)) {
            for (long seq = 1; seq <= 300; seq++) {
                produce(seq == 101 ? nul : seq == 202 ? beyondTimestamptz : reading(device, seq,
                        t0.plusSeconds(seq), EventClass.STATE, Measurement.numeric("fill_level", "%", seq % 100)));
            }

            await().atMost(PATIENCE).ignoreExceptions().until(() -> rowCount(device), n -> n == 298);
            deadLetters.awaitMatching(record -> device.equals(record.key()), 2, PATIENCE);
            Map<String, List<ConsumerRecord<String, byte[]>>> byCeId = deadLetters
                    .recordsAfter(Duration.ofSeconds(3)).stream().filter(record -> device.equals(record.key()))
                    .collect(Collectors.groupingBy(record -> header(record, "ce_id")));

            assertThat(byCeId).containsOnlyKeys(nul.eventId(), beyondTimestamptz.eventId());
            assertThat(byCeId.get(nul.eventId())).singleElement()
                    .satisfies(letter -> assertDeadLetterOf(letter, nul, "22021"));
            assertThat(byCeId.get(beyondTimestamptz.eventId())).singleElement()
                    .satisfies(letter -> assertDeadLetterOf(letter, beyondTimestamptz, "22"));
        }
        assertThat(jdbc.queryForList("SELECT DISTINCT seq FROM telemetry_measurement WHERE device_id = ?"
                + " AND seq IN (101, 202)", Long.class, device)).isEmpty();
        assertThat(deadLetterCount(DeadLetterReason.REFUSED_BY_DATABASE) - refusedBefore).isEqualTo(2);
    }

    @Test
    void undecodableRecordsAreDeadLetteredWithTheirReasonWithoutHoldingUpTheNextOnes() {
        String device = newDeviceId("noise");
        double undecodableBefore = undecodableCount(Topics.TELEMETRY_ENVIRONMENTAL);
        byte[] notJson = "{not json".getBytes(UTF_8);
        byte[] noTime = ("{\"deviceId\":\"" + device + "\",\"seq\":1}").getBytes(UTF_8);

        try (TopicProbe deadLetters = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.TELEMETRY_STORE_DEAD_LETTER)) {
            produceRaw(Topics.TELEMETRY_ENVIRONMENTAL, device, notJson);
            produceRaw(Topics.TELEMETRY_ENVIRONMENTAL, device, noTime);
            produce(reading(device, 2, Instant.now().minusSeconds(5), EventClass.ENVIRONMENTAL,
                    Measurement.numeric("noise", "dB", 61)));

            await().atMost(PATIENCE).ignoreExceptions().until(() -> rowCount(device), n -> n == 1);
            List<ConsumerRecord<String, byte[]>> letters = deadLetters.awaitMatching(
                    record -> device.equals(record.key()), 2, PATIENCE);

            assertThat(letters).extracting(ConsumerRecord::value).containsExactly(notJson, noTime);
            assertThat(letters).allSatisfy(letter -> {
                assertThat(header(letter, StoreDeadLetters.REASON_HEADER)).isEqualTo("UNDECODABLE");
                assertThat(header(letter, "kafka_dlt-original-topic")).isEqualTo(Topics.TELEMETRY_ENVIRONMENTAL);
            });
        }
        assertThat(undecodableCount(Topics.TELEMETRY_ENVIRONMENTAL) - undecodableBefore).isEqualTo(2);
    }

    @Test
    void aDeadLetterKafkaDoesNotTakeIsRetriedAndTheReadingsBehindItWaitForIt() throws Exception {
        String device = newDeviceId("stuck");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(10));
        TelemetryRecord nul = reading(device, 2, t0.plusSeconds(2), EventClass.FAILURE,
                Measurement.text("fault_code", "E\u0000X"));
        double failuresBefore = meters.counter("urbanops.telemetry.batch.failures").count();

        try (TopicProbe deadLetters = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.TELEMETRY_STORE_DEAD_LETTER)) {
            limitDeadLetterSize("64");
            try {
                produce(reading(device, 1, t0.plusSeconds(1), EventClass.FAILURE, Measurement.bool("leak", false)));
                produce(nul);
                produce(reading(device, 3, t0.plusSeconds(3), EventClass.FAILURE, Measurement.bool("leak", true)));
                await().atMost(PATIENCE).until(
                        () -> meters.counter("urbanops.telemetry.batch.failures").count() >= failuresBefore + 6);
                assertThat(jdbc.queryForList("SELECT seq FROM telemetry_measurement WHERE device_id = ?", Long.class,
                        device)).doesNotContain(3L);
            } finally {
                limitDeadLetterSize(null);
            }

            await().atMost(PATIENCE).ignoreExceptions().until(() -> rowCount(device), n -> n == 2);
            deadLetters.awaitMatching(record -> device.equals(record.key()), 1, PATIENCE);
            assertThat(deadLetters.recordsAfter(Duration.ofSeconds(3))).filteredOn(r -> device.equals(r.key()))
                    .singleElement().satisfies(letter -> assertThat(header(letter, "ce_id")).isEqualTo(nul.eventId()));
        }
    }

    /** Sets (or, with null, removes) the dead-letter topic's record size limit, so that Kafka refuses larger ones. */
    private static void limitDeadLetterSize(String maxMessageBytes) throws Exception {
        var topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TELEMETRY_STORE_DEAD_LETTER);
        var entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxMessageBytes);
        var change = new AlterConfigOp(entry, maxMessageBytes == null ? AlterConfigOp.OpType.DELETE
                : AlterConfigOp.OpType.SET);
        try (var admin = TestInfrastructure.kafka().admin()) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(change))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertDeadLetterOf(ConsumerRecord<String, byte[]> letter, TelemetryRecord original,
                                           String sqlState) {
        assertThat(letter.key()).isEqualTo(original.deviceId());
        assertThat(letter.value()).isEqualTo(valueOf(original));
        assertThat(header(letter, "ce_type")).isEqualTo("city.urbanops.telemetry.reading.v1");
        assertThat(header(letter, StoreDeadLetters.REASON_HEADER)).isEqualTo("REFUSED_BY_DATABASE");
        assertThat(header(letter, "kafka_dlt-exception-message"))
                .startsWith("REFUSED_BY_DATABASE: SQLState " + sqlState);
        assertThat(header(letter, "kafka_dlt-original-topic")).isEqualTo(Topics.TELEMETRY_STATE);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private long rowCount(String device) {
        return jdbc.queryForObject("SELECT count(*) FROM telemetry_measurement WHERE device_id = ?", Long.class,
                device);
    }

    private double deadLetterCount(DeadLetterReason reason) {
        var counter = meters.find("urbanops.telemetry.dead.letters").tag("reason", reason.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double undecodableCount(String topic) {
        var counter = meters.find("urbanops.telemetry.undecodable").tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }
}
