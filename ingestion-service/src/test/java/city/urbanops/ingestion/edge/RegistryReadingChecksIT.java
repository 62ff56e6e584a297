package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.registry.RegistryFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every reading is judged against the registry's device records on the real MQTT endpoint: a gateway speaks only for
 * its own ACTIVE devices and their type's measurements; each other reading is rejected on its own, with its reason,
 * while the rest of its batch is stored; a quarantined device's readings are stored marked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RegistryReadingChecksIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final String SERVER_URI = "tcp://127.0.0.1:" + MQTT_PORT;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> AIR = List.of("pm10", "temperature");

    private String run;
    private String gatewayId;
    private String neighbourId;
    private MqttTestGateway gateway;
    private TopicProbe rejected;
    private TopicProbe environmental;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "registry-checks-it");
    }

    @BeforeEach
    void provisionTwoGatewaysAndTheirDevices() {
        run = UUID.randomUUID().toString().substring(0, 8);
        gatewayId = "gw-own-" + run;
        neighbourId = "gw-neighbour-" + run;
        RegistryFixture registry = TestRegistry.fixture();
        var provisioned = registry.gateway(gatewayId);
        registry.gateway(neighbourId);
        registry.device(device("air-1"), gatewayId, DeviceLifecycle.ACTIVE, null, AIR);
        registry.device(device("air-2"), gatewayId, DeviceLifecycle.ACTIVE, null, AIR);
        registry.device(device("sleeping"), gatewayId, DeviceLifecycle.SUSPENDED, null, AIR);
        registry.device(device("neighbours"), neighbourId, DeviceLifecycle.ACTIVE, null, AIR);
        registry.device(device("thermometer"), gatewayId, DeviceLifecycle.ACTIVE, null, List.of("temperature"));
        registry.device(device("suspect"), gatewayId, DeviceLifecycle.ACTIVE,
                new DeviceRecord.Quarantine("drifting readings", "supervisor", Instant.now()), AIR);
        rejected = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.TELEMETRY_REJECTED);
        environmental = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.TELEMETRY_ENVIRONMENTAL);
        // The last device record was produced before the gateway's connect: once it is in, the devices are too.
        gateway = MqttTestGateway.connect(SERVER_URI, provisioned);
    }

    @AfterEach
    void close() {
        gateway.close();
        rejected.close();
        environmental.close();
    }

    @Test
    void eachReadingTheGatewayMayNotSendIsRejectedOnItsOwnWhileItsOwnReadingsAreStored() {
        var batch = batch(
                reading("air-1", "pm10", "ug/m3", 12),
                reading("neighbours", "pm10", "ug/m3", 13),
                reading("ghost", "pm10", "ug/m3", 14),
                reading("sleeping", "pm10", "ug/m3", 15),
                reading("thermometer", "pm10", "ug/m3", 16),
                reading("air-2", "temperature", "Cel", 4.5));

        var outcome = gateway.publishBatch(batch);

        assertThat(outcome.reasonCode()).isZero();
        assertThat(outcome.userProperties())
                .containsEntry("urbanops.accepted", "2")
                .containsEntry("urbanops.rejected", "4")
                .containsEntry("urbanops.rejected.GATEWAY_MISMATCH", "1")
                .containsEntry("urbanops.rejected.UNKNOWN_DEVICE", "1")
                .containsEntry("urbanops.rejected.INACTIVE_DEVICE", "1")
                .containsEntry("urbanops.rejected.UNKNOWN_MEASUREMENT", "1");
        Map<String, RejectReason> deadLetters = rejected.awaitMatching(record -> ofThisRun(record.key()), 4, WAIT)
                .stream().map(record -> TopicProbe.value(record, RejectedTelemetry.class))
                .collect(Collectors.toMap(RejectedTelemetry::deviceId, RejectedTelemetry::reason));
        assertThat(deadLetters).containsExactlyInAnyOrderEntriesOf(Map.of(
                device("neighbours"), RejectReason.GATEWAY_MISMATCH,
                device("ghost"), RejectReason.UNKNOWN_DEVICE,
                device("sleeping"), RejectReason.INACTIVE_DEVICE,
                device("thermometer"), RejectReason.UNKNOWN_MEASUREMENT));
        var stored = environmental.awaitMatching(record -> ofThisRun(record.key()), 2, WAIT);
        assertThat(stored).extracting(record -> record.key()).containsExactlyInAnyOrder(device("air-1"),
                device("air-2"));
    }

    @Test
    void aBatchOnlyForAnotherGatewaysDevicesIsNotAuthorized() {
        var outcome = gateway.publishBatch(batch(reading("neighbours", "pm10", "ug/m3", 12)));

        assertThat(outcome.reasonCode()).isEqualTo(0x87);
        assertThat(outcome.userProperties()).containsEntry("urbanops.rejected.GATEWAY_MISMATCH", "1");
        var deadLetter = TopicProbe.value(rejected.awaitMatching(record -> ofThisRun(record.key()), 1, WAIT)
                .getFirst(), RejectedTelemetry.class);
        assertThat(deadLetter.reason()).isEqualTo(RejectReason.GATEWAY_MISMATCH);
        assertThat(deadLetter.gatewayId()).isEqualTo(gatewayId);
    }

    @Test
    void aQuarantinedDevicesReadingsAreStoredMarkedAsQuarantined() {
        var outcome = gateway.publishBatch(batch(reading("suspect", "pm10", "ug/m3", 80),
                reading("air-1", "pm10", "ug/m3", 11)));

        assertThat(outcome.reasonCode()).isZero();
        var stored = environmental.awaitMatching(record -> ofThisRun(record.key()), 2, WAIT).stream()
                .map(record -> TopicProbe.value(record, TelemetryRecord.class))
                .collect(Collectors.toMap(TelemetryRecord::deviceId, TelemetryRecord::quarantined));
        assertThat(stored).containsExactlyInAnyOrderEntriesOf(Map.of(device("suspect"), true, device("air-1"), false));
    }

    private boolean ofThisRun(String key) {
        return key != null && key.startsWith("dev-" + run + "-");
    }

    private String device(String name) {
        return "dev-" + run + "-" + name;
    }

    private UplinkBatch batch(Reading... readings) {
        return new UplinkBatch(gatewayId, Instant.now().truncatedTo(ChronoUnit.MILLIS), List.of(readings));
    }

    private Reading reading(String device, String measurement, String unit, double value) {
        return new Reading(device(device), Instant.now().truncatedTo(ChronoUnit.MILLIS), 1, null,
                List.of(Measurement.numeric(measurement, unit, value)));
    }
}
