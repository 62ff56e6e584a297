package city.urbanops.ingestion.status;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.RawMqttConnection;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A gateway's connection, planned stop, lost link and own report become events on gateway.status. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class GatewayStatusIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int httpPort;

    private String gatewayId;
    private ProvisionedGateway gateway;
    private TopicProbe statusTopic;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "status-it");
    }

    @BeforeEach
    void probe() {
        gatewayId = "gw-status-" + UUID.randomUUID().toString().substring(0, 8);
        gateway = TestRegistry.gateway(gatewayId);
        statusTopic = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.GATEWAY_STATUS);
    }

    @AfterEach
    void closeProbe() {
        statusTopic.close();
    }

    @Test
    void aConnectingGatewayIsReportedOnline() {
        try (var gateway = connect()) {
            var online = awaitEvents(1).getFirst();

            assertThat(online.connectivity()).isEqualTo(Connectivity.ONLINE);
            assertThat(online.cause()).isEqualTo(Cause.CONNECTED);
            assertThat(online.ingestionInstance()).isEqualTo("status-it");
            assertThat(new ActuatorClient(httpPort).metric("urbanops_ingestion_gateways_connected", "application",
                    "ingestion-service")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aCleanDisconnectIsReportedAsAPlannedStop() {
        var gateway = connect();
        awaitEvents(1);

        gateway.disconnect();

        var offline = awaitEvents(2).get(1);
        assertThat(offline.connectivity()).isEqualTo(Connectivity.OFFLINE);
        assertThat(offline.cause()).isEqualTo(Cause.CLIENT_DISCONNECT);
        gateway.close();
    }

    @Test
    void aDroppedConnectionIsReportedAsLost() {
        var gateway = connect();
        awaitEvents(1);

        gateway.dropConnection();

        var offline = awaitEvents(2).get(1);
        assertThat(offline.connectivity()).isEqualTo(Connectivity.OFFLINE);
        assertThat(offline.cause()).isEqualTo(Cause.CONNECTION_LOST);
        gateway.close();
    }

    @Test
    void aGatewayThatFallsSilentWithoutClosingItsConnectionIsReportedLostWithinItsKeepAlive() {
        // A dead link without a TCP reset: the connection stays open, the gateway just stops talking (no PINGREQ).
        try (var silent = RawMqttConnection.connect("127.0.0.1", MQTT_PORT, gatewayId, gateway.secret(),
                Duration.ofSeconds(1))) {
            assertThat(silent.connackReasonCode()).isZero();
            awaitEvents(1);
            long silentSince = System.nanoTime();

            var closed = silent.awaitServerClose(Duration.ofSeconds(10));

            // MQTT 5 §3.1.2.10: the server may wait one and a half keep-alives; DISCONNECT 0x8D = keep alive timeout.
            assertThat(closed).as("the server ended the silent connection").contains(0x8D);
            assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isLessThan(Duration.ofSeconds(3));
            var offline = awaitEvents(2).get(1);
            assertThat(offline.connectivity()).isEqualTo(Connectivity.OFFLINE);
            assertThat(offline.cause()).isEqualTo(Cause.CONNECTION_LOST);
        }
    }

    @Test
    void aGatewaysOwnStatusMessageIsReportedAndDelivered() {
        try (var gateway = connect()) {
            awaitEvents(1);

            var outcome = gateway.publish(MqttTopics.status(gatewayId),
                    "{\"connectivity\":\"OFFLINE\",\"reason\":\"maintenance\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(outcome.delivered()).isTrue();
            var reported = awaitEvents(2).get(1);
            assertThat(reported.cause()).isEqualTo(Cause.GATEWAY_REPORTED);
            assertThat(reported.connectivity()).isEqualTo(Connectivity.OFFLINE);
            assertThat(reported.detail()).contains("maintenance");
        }
    }

    @Test
    void aReportSentAgainOnTheSameConnectionKeepsItsIdAndANewConnectionGetsNewIds() {
        byte[] report = "{\"connectivity\":\"ONLINE\",\"uptime\":12}".getBytes(StandardCharsets.UTF_8);
        try (var gateway = connect()) {
            awaitEvents(1);
            gateway.publish(MqttTopics.status(gatewayId), report);
            gateway.publish(MqttTopics.status(gatewayId), report);
            gateway.disconnect();
        }
        try (var again = connect()) {
            again.publish(MqttTopics.status(gatewayId), report);

            var ids = statusTopic.awaitMatching(record -> gatewayId.equals(record.key()), 6, WAIT).stream()
                    .map(record -> new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(ids.get(1)).as("the same report on the same connection").isEqualTo(ids.get(2));
            assertThat(ids).as("connect, report, report, disconnect, connect, report").hasSize(6);
            assertThat(ids.get(0)).startsWith(gatewayId + "/status-it/").endsWith("/CONNECTED");
            assertThat(ids.get(3)).endsWith("/CLIENT_DISCONNECT");
            assertThat(List.of(ids.get(0), ids.get(1), ids.get(3), ids.get(4), ids.get(5))).doesNotHaveDuplicates();
        }
    }

    private MqttTestGateway connect() {
        return MqttTestGateway.connect("tcp://127.0.0.1:" + MQTT_PORT, gateway);
    }

    /** This test's gateway's events in order; the record key is the gateway id. */
    private List<GatewayStatusEvent> awaitEvents(int count) {
        return statusTopic.awaitMatching(record -> gatewayId.equals(record.key()), count, WAIT).stream()
                .map(record -> TopicProbe.value(record, GatewayStatusEvent.class))
                .toList();
    }
}
