package city.urbanops.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.Scope;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.postgres.PostgresDatabase;
import city.urbanops.testkit.process.ServiceProcess;
import city.urbanops.testkit.registry.RegistryFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two rules-service processes share the evaluation; one is killed ({@code kill -9}) while readings stream. Its
 * partitions move to the survivor, which restores their state from the changelogs, and every device's condition is
 * raised exactly once and cleared exactly once: nothing lost, nothing doubled, because state, alerts and offsets
 * commit together (exactly-once) and the condition key decides. The killed instance keeps its state in RocksDB, the
 * survivor in the heap (the default) with prompt commits, as during a rolling change of those settings: the survivor
 * restores what it takes over from the same changelogs.
 */
class RulesFailoverIT {

    private static final EventJson JSON = new EventJson();
    private static final int DEVICES = 24;

    @TempDir
    Path stateDirs;

    /**
     * On a broker of its own: every rules topology running in the test JVM evaluates every enabled rule on its broker
     * and would write its own copy of this rule's alerts.
     */
    @Test
    void aKilledInstanceHandsItsPartitionsToAnotherWithNoLostAndNoSecondAlert() throws Exception {
        try (var kafka = KafkaBroker.startDedicated()) {
            killOneOfTwo(kafka);
        }
    }

    private void killOneOfTwo(KafkaBroker kafka) throws Exception {
        String run = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> devices = IntStream.range(0, DEVICES).mapToObj(i -> run + "-wl-" + i).toList();
        try (var registry = RegistryFixture.on(kafka.bootstrapServers())) {
            registry.gateway(run + "-gw");
            registry.devices(run + "-gw", run + "-wl", DEVICES, List.of("water_level"));
        }
        String ruleId = run + "-high-water";
        var database = TestInfrastructure.postgres().createDatabase(run.replace('-', '_'));
        try (var producer = producer(kafka.bootstrapServers());
             var alerts = TopicProbe.fromEnd(kafka.bootstrapServers(), Topics.ALERTS);
             var first = instance(kafka, run, "a", database, Map.of("urbanops.rules.state-store", "ROCKSDB"));
             var second = instance(kafka, run, "b", database, Map.of("urbanops.rules.prompt-commit", "20ms"))) {
            producer.send(new ProducerRecord<>(Topics.RULES, ruleId, JSON.write(highWater(ruleId, devices)))).get();
            first.start(Duration.ofSeconds(120));
            second.start(Duration.ofSeconds(120));

            long seq = 0;
            for (int round = 0; round < 30; round++) {
                double level = round < 5 ? 1.0 : round < 20 ? 2.5 : 1.0;
                for (String device : devices) {
                    producer.send(reading(device, ++seq, level));
                }
                producer.flush();
                if (round == 10) {
                    alerts.awaitMatching(record -> ruleId.equals(alert(record).ruleId()), 1, Duration.ofSeconds(60));
                    first.kill();
                }
            }

            alerts.awaitMatching(record -> ruleId.equals(alert(record).ruleId())
                    && alert(record).transition() == AlertEvent.Transition.CLEARED, DEVICES, Duration.ofSeconds(120));
            var ofRule = alerts.recordsAfter(Duration.ofSeconds(3)).stream().map(RulesFailoverIT::alert)
                    .filter(alert -> ruleId.equals(alert.ruleId())).toList();
            Map<String, Map<AlertEvent.Transition, Long>> perDevice = ofRule.stream().collect(Collectors.groupingBy(
                    AlertEvent::deviceId, Collectors.groupingBy(AlertEvent::transition, Collectors.counting())));
            assertThat(perDevice).containsOnlyKeys(devices);
            perDevice.forEach((device, counts) -> assertThat(counts).as(device)
                    .containsEntry(AlertEvent.Transition.RAISED, 1L)
                    .containsEntry(AlertEvent.Transition.CLEARED, 1L));
        }
    }

    private ServiceProcess instance(KafkaBroker kafka, String run, String name, PostgresDatabase database,
                                    Map<String, String> settings) throws IOException {
        var properties = new HashMap<String, String>(settings);
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("urbanops.rules.application-id", run);
        properties.put("urbanops.rules.readings-start", "EARLIEST");
        properties.put("urbanops.rules.state-dir", Files.createDirectories(stateDirs.resolve(name)).toString());
        // A killed member's partitions move once the group gives up on it: keep that short for the test.
        properties.put("urbanops.rules.streams[consumer.session.timeout.ms]", "6000");
        properties.put("urbanops.rules.streams[consumer.heartbeat.interval.ms]", "1500");
        return ServiceProcess.of("rules-service-" + name, executableJar(), FreePorts.next(), properties);
    }

    private static RuleRelease highWater(String ruleId, List<String> devices) {
        var document = new RuleDocument("High water", null, AlertEvent.Severity.MAJOR, "Close the underpass",
                new Scope(null, null, null, null, devices),
                new Condition.Threshold("water_level", Condition.Direction.ABOVE, 2.0, 1.8, Duration.ZERO));
        return new RuleRelease(ruleId, 1, document, Instant.now(), "test");
    }

    private static ProducerRecord<String, byte[]> reading(String deviceId, long seq, double level) {
        var now = Instant.now();
        var record = new TelemetryRecord(deviceId, seq, now, EventClass.ENVIRONMENTAL, deviceId.replaceAll("-wl-\\d+$",
                "-gw"), now, List.of(Measurement.numeric("water_level", "m", level)));
        return CloudEventRecords.toRecord(Topics.TELEMETRY_ENVIRONMENTAL, deviceId, EventType.TELEMETRY,
                record.eventId(), URI.create("urbanops:test"), deviceId, now, JSON.write(record));
    }

    private static AlertEvent alert(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        return TopicProbe.value(record, AlertEvent.class);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private static Path executableJar() throws IOException {
        try (var jars = Files.list(Path.of("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("rules-service-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no executable jar in target/: run "
                            + "./mvnw package first"));
        }
    }
}
