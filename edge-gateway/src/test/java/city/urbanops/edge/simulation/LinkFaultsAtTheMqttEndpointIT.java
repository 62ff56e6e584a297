package city.urbanops.edge.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.edge.uplink.GatewayUplink;
import city.urbanops.edge.uplink.Uplinks;
import city.urbanops.events.Topics;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.process.ServiceProcess;
import city.urbanops.testkit.registry.ProvisionedGateway;
import city.urbanops.testkit.registry.RegistryFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Link faults played by the running edge application against the real MQTT endpoint (ingestion-service's own jar,
 * real Kafka): the platform sees a lost connection, not a planned stop, and gets the gateway back when the fault
 * ends; an uplink loss delivers what was buffered with its original times, a power loss leaves a hole in the data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class LinkFaultsAtTheMqttEndpointIT {

    private static final String GATEWAY = "gw-cut-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DEVICE = GATEWAY + "-aq-001";
    private static final int MQTT_PORT = FreePorts.next();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration FAULT = Duration.ofSeconds(6);

    private static RegistryFixture registry;
    private static ProvisionedGateway provisioned;
    private static ServiceProcess ingestion;

    @Autowired
    FaultBoard faults;

    @Autowired
    Uplinks uplinks;

    private TopicProbe status;
    private TopicProbe telemetry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        startTheMqttEndpoint();
        properties.add("urbanops.edge.mqtt.server-uri", () -> "tcp://127.0.0.1:" + MQTT_PORT);
        properties.add("urbanops.edge.mqtt.secrets." + GATEWAY, provisioned::secret);
        properties.add("urbanops.edge.simulation.devices[0].id", () -> DEVICE);
        properties.add("urbanops.edge.simulation.devices[0].gateway-id", () -> GATEWAY);
        properties.add("urbanops.edge.simulation.devices[0].type", () -> "AIR_QUALITY");
        properties.add("urbanops.edge.simulation.districts.harbour", () -> GATEWAY);
        properties.add("urbanops.edge.simulation.reading-interval", () -> "500ms");
        properties.add("urbanops.edge.uplink.batch-max-delay", () -> "200ms");
        // No request here carries a token, so the issuer is never fetched.
        properties.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> "http://localhost:1/realms/city");
    }

    private static synchronized void startTheMqttEndpoint() {
        if (ingestion != null) {
            return;
        }
        String kafka = TestInfrastructure.kafka().bootstrapServers();
        registry = RegistryFixture.on(kafka);
        provisioned = registry.gateway(GATEWAY);
        registry.device(DEVICE, GATEWAY, DeviceLifecycle.ACTIVE, null, DeviceType.AIR_QUALITY.measurementNames());
        ingestion = ServiceProcess.of("ingestion-service", Path.of(System.getProperty("urbanops.jar.ingestion-service")),
                FreePorts.next(), Map.of(
                        "urbanops.ingestion.mqtt.host", "127.0.0.1",
                        "urbanops.ingestion.mqtt.port", Integer.toString(MQTT_PORT),
                        "urbanops.ingestion.kafka.bootstrap-servers", kafka,
                        "urbanops.ingestion.instance-id", "link-faults-it"))
                .start(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopTheMqttEndpoint() {
        if (ingestion != null) {
            ingestion.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void gatewayDeliversAndProbesListen() {
        String kafka = TestInfrastructure.kafka().bootstrapServers();
        status = TopicProbe.fromEnd(kafka, Topics.GATEWAY_STATUS);
        telemetry = TopicProbe.fromEnd(kafka, Topics.CLASS_TOPICS.toArray(String[]::new));
        // Before the fault: the gateway is connected and its device's readings reach Kafka.
        await().atMost(WAIT).until(() -> uplink().connected());
        telemetry.awaitMatching(ofDevice(), 2, WAIT);
    }

    @AfterEach
    void closeProbes() {
        status.close();
        telemetry.close();
    }

    @Test
    void anUplinkLossIsAConnectionLostAndItsBufferedReadingsArriveAfterReconnectingWithTheirOriginalTimes() {
        var fault = injected(faults.inject(FaultKind.UPLINK_LOSS, GATEWAY, Duration.ZERO, FAULT));

        var offline = awaitStatus(Connectivity.OFFLINE);
        assertThat(offline.cause()).isEqualTo(Cause.CONNECTION_LOST);
        await().atMost(WAIT).until(() -> uplink().queuedReadings() > 0 && uplink().cutReason().isPresent());
        var online = awaitStatus(Connectivity.ONLINE);
        assertThat(online.cause()).isEqualTo(Cause.CONNECTED);
        assertThat(online.time()).isAfterOrEqualTo(fault.endsAt().minusMillis(50));

        // The readings sampled during the cut (one per 500 ms) all come, stamped when they were sampled, after it.
        var buffered = telemetry.awaitMatching(ofDevice().and(record -> fault.activeAt(timeOf(record))), 10, WAIT)
                .stream().map(record -> TopicProbe.value(record, TelemetryRecord.class)).toList();
        assertThat(buffered).allSatisfy(reading -> {
            assertThat(reading.time()).isBefore(online.time());
            assertThat(reading.receivedAt()).isAfterOrEqualTo(online.time());
        });
        assertNoReadingLost();
    }

    @Test
    void aPowerLossIsAConnectionLostAndLeavesNoReadingsForItsDuration() {
        var fault = injected(faults.inject(FaultKind.POWER_LOSS, "harbour", Duration.ZERO, FAULT));

        var offline = awaitStatus(Connectivity.OFFLINE);
        assertThat(offline.cause()).isEqualTo(Cause.CONNECTION_LOST);
        var online = awaitStatus(Connectivity.ONLINE);
        assertThat(online.cause()).isEqualTo(Cause.CONNECTED);

        // Readings flow again after the power is back, and none is dated inside the outage: the sensors were dark.
        telemetry.awaitMatching(ofDevice().and(record -> timeOf(record).isAfter(fault.endsAt().plusSeconds(1))), 1,
                WAIT);
        assertThat(telemetry.records().stream().filter(ofDevice()).map(LinkFaultsAtTheMqttEndpointIT::timeOf))
                .noneMatch(fault::activeAt);
        assertNoReadingLost();
    }

    /** The device numbers its readings: every number from the first seen to the last must be on Kafka. */
    private void assertNoReadingLost() {
        var seqs = telemetry.records().stream().filter(ofDevice())
                .map(record -> TopicProbe.value(record, TelemetryRecord.class).seq()).distinct().sorted().toList();
        assertThat(seqs).containsExactlyElementsOf(
                LongStream.rangeClosed(seqs.getFirst(), seqs.getLast()).boxed().toList());
    }

    private GatewayStatusEvent awaitStatus(Connectivity connectivity) {
        // The gateway's own retained "online" also lands there, as GATEWAY_REPORTED: the endpoint's view is wanted.
        return status.awaitMatching(record -> record.key().equals(GATEWAY)
                        && TopicProbe.value(record, GatewayStatusEvent.class).connectivity() == connectivity
                        && TopicProbe.value(record, GatewayStatusEvent.class).cause() != Cause.GATEWAY_REPORTED,
                1, WAIT).stream().map(record -> TopicProbe.value(record, GatewayStatusEvent.class)).findFirst()
                .orElseThrow();
    }

    private GatewayUplink uplink() {
        return uplinks.all().stream().filter(uplink -> uplink.gatewayId().equals(GATEWAY)).findFirst().orElseThrow();
    }

    private static Predicate<ConsumerRecord<String, byte[]>> ofDevice() {
        return record -> DEVICE.equals(record.key());
    }

    private static Instant timeOf(ConsumerRecord<String, byte[]> record) {
        return TopicProbe.value(record, TelemetryRecord.class).time();
    }

    private static Fault injected(FaultBoard.Injection injection) {
        assertThat(injection).isInstanceOf(FaultBoard.Injection.Injected.class);
        return ((FaultBoard.Injection.Injected) injection).fault();
    }
}
