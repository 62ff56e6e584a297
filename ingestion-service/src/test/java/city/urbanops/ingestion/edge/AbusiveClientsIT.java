package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Clients that send packets over the limit, spam status messages, ignore flow control or publish at QoS 0 get the
 * MQTT 5 answer for what they did, and only a gateway's own small status is kept as retained.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AbusiveClientsIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final String SERVER_URI = "tcp://127.0.0.1:" + MQTT_PORT;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** uplink.max-message-size (1 MiB) plus mqtt.packet-headroom (64 KiB), the defaults. */
    private static final long MAX_PACKET_SIZE = 1024 * 1024 + 64 * 1024;
    private static final int MAX_STATUS_SIZE = 4 * 1024;

    private static final int PUBACK_SUCCESS = 0x00;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    private static final int PACKET_TOO_LARGE = 0x95;
    private static final int QUOTA_EXCEEDED = 0x97;
    private static final int PAYLOAD_FORMAT_INVALID = 0x99;

    @LocalServerPort
    int httpPort;

    private final EventJson json = new EventJson();
    private ActuatorClient actuator;
    private String run;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "abuse-it");
    }

    @BeforeEach
    void setUp() {
        actuator = new ActuatorClient(httpPort);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theConnackTellsAConformantClientThePacketLimitAndTheReceiveMaximum() {
        try (var client = PahoClient.connect(SERVER_URI, id("conformant"))) {
            assertThat(client.connack().getMaximumPacketSize()).isEqualTo(MAX_PACKET_SIZE);
            assertThat(client.connack().getReceiveMaximum()).isEqualTo(2);
        }
    }

    @Test
    void aPacketOverTheLimitIsRefusedFromItsHeaderWithPacketTooLarge() {
        String gatewayId = id("huge");
        try (var status = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.GATEWAY_STATUS);
             var client = RawMqttClient.connect("127.0.0.1", MQTT_PORT, gatewayId)) {

            client.sendPublishHeaderClaiming(MqttTopics.uplink(gatewayId), 1, 200 * 1024 * 1024);

            assertThat(client.awaitDisconnectReason()).contains(PACKET_TOO_LARGE);
            var offline = status.awaitMatching(record -> gatewayId.equals(record.key())
                    && TopicProbe.value(record, GatewayStatusEvent.class).cause() == Cause.SERVER_DISCONNECT, 1, WAIT);
            assertThat(TopicProbe.value(offline.getFirst(), GatewayStatusEvent.class).detail())
                    .contains("PACKET_TOO_LARGE");
        }
    }

    @Test
    void moreUnacknowledgedPublishesThanTheReceiveMaximumEndTheConnection() {
        String gatewayId = id("eager");
        byte[] batch = json.write(UplinkFixtures.batch(gatewayId, gatewayId + "-dev", 1, 1));
        try (var client = RawMqttClient.connect("127.0.0.1", MQTT_PORT, gatewayId)) {

            client.sendPublishesAtOnce(MqttTopics.uplink(gatewayId), batch, 3);

            assertThat(client.awaitDisconnectReason()).contains(RECEIVE_MAXIMUM_EXCEEDED);
        }
    }

    @Test
    void anOversizedStatusIsRefusedAndOnlyTheGatewaysOwnSmallStatusIsKeptAsRetained() {
        String gatewayId = id("chatty");
        double before = refusals("status_oversized");
        try (var gateway = PahoClient.connect(SERVER_URI, gatewayId)) {

            assertThat(gateway.publish(MqttTopics.status(gatewayId), text("online"), true)).isLessThan(0x80);
            assertThat(gateway.publish(MqttTopics.status(gatewayId), new byte[MAX_STATUS_SIZE + 1], true))
                    .isEqualTo(PAYLOAD_FORMAT_INVALID);
            assertThat(gateway.publish(MqttTopics.status(gatewayId + "-victim"), text("offline"), true))
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.publish("city/v1/anything/" + gatewayId, text("x"), true)).isEqualTo(NOT_AUTHORIZED);
        }

        assertThat(retainedUnder(gatewayId)).containsExactly(MqttTopics.status(gatewayId) + "=online");
        await().atMost(WAIT).until(() -> refusals("status_oversized") >= before + 1);
    }

    @Test
    void aLastWillOnAnyTopicButTheGatewaysOwnStatusIsRefused() {
        String gatewayId = id("will-elsewhere");

        var refused = connectRefused(gatewayId, "city/v1/gw/" + id("victim") + "/status", text("offline"));

        assertThat(refused).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void aLastWillOverTheStatusLimitIsRefused() {
        String gatewayId = id("will-large");

        var refused = connectRefused(gatewayId, MqttTopics.status(gatewayId), new byte[MAX_STATUS_SIZE + 1]);

        assertThat(refused).isEqualTo(QUOTA_EXCEEDED);
    }

    @Test
    void aQos0PublishIsNotAcceptedAndEndsTheConnection() {
        String gatewayId = id("fire-and-forget");
        double before = refusals("qos_0");
        try (var client = PahoClient.connect(SERVER_URI, gatewayId)) {

            client.publishAtMostOnce(MqttTopics.uplink(gatewayId),
                    json.write(UplinkFixtures.batch(gatewayId, gatewayId + "-dev", 1, 1)));

            assertThat(client.awaitDisconnectReason()).isEqualTo(NOT_AUTHORIZED);
        }
        await().atMost(WAIT).until(() -> refusals("qos_0") >= before + 1);
    }

    private static int connectRefused(String gatewayId, String willTopic, byte[] willPayload) {
        try (var accepted = PahoClient.connect(SERVER_URI, gatewayId, willTopic, willPayload)) {
            return PUBACK_SUCCESS;
        } catch (PahoClient.ConnectRefused refused) {
            return refused.reasonCode();
        }
    }

    /** The retained messages a fresh subscriber gets under {@code city/v1/.../<gatewayId>...}, as topic=payload. */
    private List<String> retainedUnder(String gatewayId) {
        try (var observer = PahoClient.connect(SERVER_URI, id("observer"))) {
            observer.subscribe("#");
            await().atMost(WAIT).until(() -> observer.received().stream()
                    .anyMatch(message -> message.topic().equals(MqttTopics.status(gatewayId))));
            return observer.received().stream()
                    .filter(message -> message.retained() && message.topic().contains(gatewayId))
                    .map(message -> message.topic() + "=" + new String(message.payload(), StandardCharsets.UTF_8))
                    .toList();
        }
    }

    private double refusals(String reason) {
        return actuator.metric("urbanops_ingestion_refusals_total", "reason", reason);
    }

    private String id(String name) {
        return "abuse-" + run + "-" + name;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
