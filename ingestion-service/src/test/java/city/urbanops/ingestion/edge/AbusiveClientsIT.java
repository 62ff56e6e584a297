package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Clients that send packets over the limit or ignore flow control get the MQTT 5 answer HiveMQ gives for it, and a
 * conformant client learns the limits from the CONNACK.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AbusiveClientsIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final String SERVER_URI = "tcp://127.0.0.1:" + MQTT_PORT;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** uplink.max-message-size (1 MiB) plus mqtt.packet-headroom (64 KiB), the defaults. */
    private static final long MAX_PACKET_SIZE = 1024 * 1024 + 64 * 1024;

    private static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    private static final int PACKET_TOO_LARGE = 0x95;

    private final EventJson json = new EventJson();
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

    private String id(String name) {
        return "abuse-" + run + "-" + name;
    }
}
