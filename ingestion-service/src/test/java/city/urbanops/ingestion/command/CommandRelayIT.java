package city.urbanops.ingestion.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.CommandResult.Outcome;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An approved command on gateway.commands reaches the gateway connected to this instance over MQTT, and what became
 * of it — delivered, applied, expired — appears on gateway.command-results; gateways' acks are checked before they are
 * forwarded, and an unreadable command record is dead-lettered without stopping the next one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CommandRelayIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final String SERVER = "tcp://127.0.0.1:" + MQTT_PORT;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventJson JSON = new EventJson();
    private static KafkaProducer<String, byte[]> producer;

    private TopicProbe results;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "command-it-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @BeforeEach
    void probe() {
        results = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.GATEWAY_COMMAND_RESULTS,
                Topics.INGESTION_DEAD_LETTER);
    }

    @AfterEach
    void closeProbe() {
        results.close();
    }

    @Test
    void aCommandReachesTheConnectedGatewayAndItsDeliveryAndApplicationAreReported() {
        var gateway = provision();
        try (var connected = connectListening(gateway)) {
            var command = command(gateway.gatewayId(), "CLOSE_VALVE", Map.of(), Duration.ofMinutes(5));

            send(command);

            await().atMost(WAIT).until(() -> !connected.commandsReceived().isEmpty());
            assertThat(connected.commandsReceived()).containsExactly(command);
            assertThat(connected.received().getFirst().qos()).isEqualTo(1);
            var delivered = awaitResult(command.commandId(), Outcome.DELIVERED);
            assertThat(delivered.reportedBy()).startsWith("command-it-");

            var puback = connected.publishAck(new CommandResult(command.commandId(), gateway.gatewayId(),
                    Outcome.APPLIED, "valve closed", Instant.now(), gateway.gatewayId()));

            assertThat(puback.reasonCode()).isZero();
            var applied = awaitResult(command.commandId(), Outcome.APPLIED);
            assertThat(applied.reason()).isEqualTo("valve closed");
            assertThat(applied.reportedBy()).isEqualTo(gateway.gatewayId());
        }
    }

    @Test
    void aCommandForAnOfflineGatewayIsDeliveredWhenItConnectsWithinTheExpiry() {
        var gateway = provision();
        var command = command(gateway.gatewayId(), "SET_SAMPLING_INTERVAL", Map.of("seconds", "60"),
                Duration.ofMinutes(5));
        send(command);
        // Nothing can be delivered yet; the command is held.
        assertThat(results.recordsAfter(Duration.ofSeconds(1))).noneMatch(record -> gateway.gatewayId().equals(record.key()));

        try (var connected = connectListening(gateway)) {
            await().atMost(WAIT).until(() -> connected.commandsReceived().contains(command));
            awaitResult(command.commandId(), Outcome.DELIVERED);
        }
    }

    @Test
    void aCommandForAGatewayThatStaysOfflineExpiresVisibly() {
        var gateway = provision();
        var command = command(gateway.gatewayId(), "OPEN_VALVE", Map.of(), Duration.ofSeconds(2));

        send(command);

        var expired = awaitResult(command.commandId(), Outcome.EXPIRED);
        assertThat(expired.reason()).contains("not delivered");
        assertThat(results.records()).noneMatch(record -> TopicProbe.value(record, CommandResult.class).outcome()
                == Outcome.DELIVERED && record.key().equals(gateway.gatewayId()));
    }

    @Test
    void aGatewayCannotAnswerForAnotherGateway() {
        var a = provision();
        var b = provision();
        try (var connected = MqttTestGateway.connect(SERVER, a)) {
            var forged = new CommandResult(UUID.randomUUID().toString(), b.gatewayId(), Outcome.APPLIED, null,
                    Instant.now(), b.gatewayId());

            var puback = connected.publish(MqttTopics.ack(b.gatewayId()), JSON.write(forged));

            assertThat(puback.reasonCode()).isEqualTo(0x87);
            assertThat(puback.reasonString()).contains(MqttTopics.ack(a.gatewayId()));
            assertThat(results.recordsAfter(Duration.ofSeconds(2)))
                    .noneMatch(record -> record.topic().equals(Topics.GATEWAY_COMMAND_RESULTS)
                            && TopicProbe.value(record, CommandResult.class).commandId().equals(forged.commandId()));
        }
    }

    @Test
    void anInvalidAckIsRefusedWithAReasonAndNotForwarded() {
        var gateway = provision();
        try (var connected = MqttTestGateway.connect(SERVER, gateway)) {
            var claimsDelivery = new CommandResult("cmd-" + UUID.randomUUID(), gateway.gatewayId(),
                    Outcome.DELIVERED, null, Instant.now(), gateway.gatewayId());
            var notJson = connected.publish(MqttTopics.ack(gateway.gatewayId()),
                    "{\"commandId\":".getBytes(StandardCharsets.UTF_8));
            var wrongOutcome = connected.publishAck(claimsDelivery);
            var noCommandId = connected.publish(MqttTopics.ack(gateway.gatewayId()),
                    ("{\"gatewayId\":\"" + gateway.gatewayId() + "\",\"outcome\":\"APPLIED\",\"at\":\""
                            + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));

            assertThat(notJson.reasonCode()).isEqualTo(0x99);
            assertThat(notJson.reasonString()).contains("not JSON");
            assertThat(wrongOutcome.reasonCode()).isEqualTo(0x99);
            assertThat(wrongOutcome.reasonString()).contains("APPLIED or REFUSED");
            assertThat(noCommandId.reasonCode()).isEqualTo(0x99);
            assertThat(noCommandId.reasonString()).contains("commandId");
            assertThat(results.recordsAfter(Duration.ofSeconds(2)))
                    .noneMatch(record -> gateway.gatewayId().equals(record.key()));
        }
    }

    @Test
    void anUnreadableCommandRecordIsDeadLetteredAndTheNextCommandStillGoesThrough() {
        var gateway = provision();
        try (var connected = connectListening(gateway)) {
            producer.send(new ProducerRecord<>(Topics.GATEWAY_COMMANDS, gateway.gatewayId(),
                    "not a command".getBytes(StandardCharsets.UTF_8)));
            var command = command(gateway.gatewayId(), "CLOSE_VALVE", Map.of(), Duration.ofMinutes(5));
            send(command);

            var deadLetter = results.awaitMatching(record -> record.topic().equals(Topics.INGESTION_DEAD_LETTER)
                    && gateway.gatewayId().equals(record.key()), 1, WAIT).getFirst();
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("not a command");
            assertThat(new String(deadLetter.headers().lastHeader("urbanops_dlt-reason").value(),
                    StandardCharsets.UTF_8)).contains("not readable");
            await().atMost(WAIT).until(() -> connected.commandsReceived().contains(command));
            awaitResult(command.commandId(), Outcome.DELIVERED);
        }
    }

    private ProvisionedGateway provision() {
        return TestRegistry.gateway("gw-cmd-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static MqttTestGateway connectListening(ProvisionedGateway gateway) {
        var connected = MqttTestGateway.connect(SERVER, gateway);
        assertThat(connected.subscribeToCommands()).isLessThan(0x80);
        return connected;
    }

    private static GatewayCommand command(String gatewayId, String type, Map<String, String> parameters,
                                          Duration validFor) {
        var now = Instant.now();
        return new GatewayCommand(UUID.randomUUID().toString(), gatewayId, gatewayId + "-wl-001", type, parameters,
                "water", "north", "operator", "supervisor", now, now.plus(validFor));
    }

    private static void send(GatewayCommand command) {
        try {
            producer.send(CloudEventRecords.toRecord(Topics.GATEWAY_COMMANDS, command.gatewayId(),
                    EventType.GATEWAY_COMMAND, command.eventId(), URI.create("urn:urbanops:operator-api:test"),
                    command.commandId(), command.issuedAt(), JSON.write(command))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CommandResult awaitResult(String commandId, Outcome outcome) {
        var record = results.awaitMatching(candidate -> candidate.topic().equals(Topics.GATEWAY_COMMAND_RESULTS)
                && TopicProbe.value(candidate, CommandResult.class).commandId().equals(commandId)
                && TopicProbe.value(candidate, CommandResult.class).outcome() == outcome, 1, WAIT).getFirst();
        assertThat(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                .isEqualTo(commandId + ":" + outcome);
        return TopicProbe.value(record, CommandResult.class);
    }
}
