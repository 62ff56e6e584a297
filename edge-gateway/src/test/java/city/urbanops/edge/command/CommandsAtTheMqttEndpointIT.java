package city.urbanops.edge.command;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.edge.simulation.DeviceType;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.CommandResult.Outcome;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.process.ServiceProcess;
import city.urbanops.testkit.registry.ProvisionedGateway;
import city.urbanops.testkit.registry.RegistryFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running edge application behind the real MQTT endpoint (ingestion-service's own jar, real Kafka): a CLOSE_VALVE
 * approved on gateway.commands reaches the simulated gateway, which closes the leak detector's valve and answers
 * APPLIED; the platform sees DELIVERED and then APPLIED on gateway.command-results. A command for a device the
 * gateway does not have is REFUSED with the reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CommandsAtTheMqttEndpointIT {

    private static final String GATEWAY = "gw-valve-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DETECTOR = GATEWAY + "-wl-001";
    private static final int MQTT_PORT = FreePorts.next();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventJson JSON = new EventJson();

    private static RegistryFixture registry;
    private static ProvisionedGateway provisioned;
    private static ServiceProcess ingestion;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        startTheMqttEndpoint();
        properties.add("urbanops.edge.mqtt.server-uri", () -> "tcp://127.0.0.1:" + MQTT_PORT);
        properties.add("urbanops.edge.mqtt.secrets." + GATEWAY, provisioned::secret);
        properties.add("urbanops.edge.simulation.devices[0].id", () -> DETECTOR);
        properties.add("urbanops.edge.simulation.devices[0].gateway-id", () -> GATEWAY);
        properties.add("urbanops.edge.simulation.devices[0].type", () -> "WATER_LEAK");
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
        registry.device(DETECTOR, GATEWAY, DeviceLifecycle.ACTIVE, null, DeviceType.WATER_LEAK.measurementNames());
        ingestion = ServiceProcess.of("ingestion-service", Path.of(System.getProperty("urbanops.jar.ingestion-service")),
                FreePorts.next(), Map.of(
                        "urbanops.ingestion.mqtt.host", "127.0.0.1",
                        "urbanops.ingestion.mqtt.port", Integer.toString(MQTT_PORT),
                        "urbanops.ingestion.kafka.bootstrap-servers", kafka,
                        "urbanops.ingestion.instance-id", "commands-it"))
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

    @Test
    void aCloseValveIsDeliveredAppliedAndAcknowledged() {
        String kafka = TestInfrastructure.kafka().bootstrapServers();
        try (var results = TopicProbe.fromEnd(kafka, Topics.GATEWAY_COMMAND_RESULTS);
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            var close = command(DETECTOR, "CLOSE_VALVE");
            var unknown = command(GATEWAY + "-wl-999", "CLOSE_VALVE");

            for (var command : List.of(close, unknown)) {
                producer.send(CloudEventRecords.toRecord(Topics.GATEWAY_COMMANDS, GATEWAY, EventType.GATEWAY_COMMAND,
                        command.eventId(), URI.create("urn:urbanops:operator-api:test"), command.commandId(),
                        command.issuedAt(), JSON.write(command)));
            }
            producer.flush();

            var outcomes = results.awaitMatching(record -> GATEWAY.equals(record.key())
                            && TopicProbe.value(record, CommandResult.class).outcome().isFinal(), 2, WAIT).stream()
                    .map(record -> TopicProbe.value(record, CommandResult.class)).toList();
            var applied = outcomes.stream().filter(result -> result.commandId().equals(close.commandId()))
                    .findFirst().orElseThrow();
            assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(applied.reason()).isEqualTo("valve of " + DETECTOR + " closed");
            assertThat(applied.reportedBy()).isEqualTo(GATEWAY);
            var refused = outcomes.stream().filter(result -> result.commandId().equals(unknown.commandId()))
                    .findFirst().orElseThrow();
            assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(refused.reason()).contains("not behind this gateway");
            assertThat(results.records()).anyMatch(record -> {
                var result = TopicProbe.value(record, CommandResult.class);
                return result.commandId().equals(close.commandId()) && result.outcome() == Outcome.DELIVERED
                        && "commands-it".equals(result.reportedBy());
            });
        }
    }

    private static GatewayCommand command(String deviceId, String type) {
        var now = Instant.now();
        return new GatewayCommand(UUID.randomUUID().toString(), GATEWAY, deviceId, type, Map.of(), "water", "north",
                "operator", "supervisor", now, now.plus(Duration.ofMinutes(5)));
    }
}
