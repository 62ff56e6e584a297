package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.gateway.GatewayStatusEvent.Cause;
import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Clients that send packets over the limit, spam status messages, ignore flow control or publish at QoS 0 get the
 * MQTT 5 answer for what they did; meanwhile ingestion's heap stays bounded, its health UP, and honest gateways are
 * acknowledged throughout.
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
    /**
     * Generous: bounded, ingestion holds about 50 MB after a collection and 70-90 MB at the swarm's peak; before the
     * edge was bounded, the same swarm left 345 MB held at its peak.
     */
    private static final long HEAP_BOUND = 200L * 1024 * 1024;

    private static final int PUBACK_SUCCESS = 0x00;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    private static final int PACKET_TOO_LARGE = 0x95;
    private static final int QUOTA_EXCEEDED = 0x97;
    private static final int PAYLOAD_FORMAT_INVALID = 0x99;
    /**
     * Paho's own code when the socket was reset before the broker's DISCONNECT could be read: a broker that closes a
     * connection with the client's unread bytes pending resets it. Focused tests see the reason code itself.
     */
    private static final int PAHO_CONNECTION_LOST = 32109;

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
        try (var client = PahoClient.connect(SERVER_URI, TestRegistry.gateway(id("conformant")))) {
            assertThat(client.connack().getMaximumPacketSize()).isEqualTo(MAX_PACKET_SIZE);
            assertThat(client.connack().getReceiveMaximum()).isEqualTo(4);
        }
    }

    @Test
    void aPacketOverTheLimitIsRefusedFromItsHeaderWithPacketTooLarge() {
        String gatewayId = id("huge");
        try (var status = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.GATEWAY_STATUS);
             var client = RawMqttClient.connect("127.0.0.1", MQTT_PORT, TestRegistry.gateway(gatewayId))) {

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
        try (var client = RawMqttClient.connect("127.0.0.1", MQTT_PORT, TestRegistry.gateway(gatewayId))) {

            client.sendPublishesAtOnce(MqttTopics.uplink(gatewayId), batch, 5); // receive maximum 4, plus one

            assertThat(client.awaitDisconnectReason()).contains(RECEIVE_MAXIMUM_EXCEEDED);
        }
    }

    @Test
    void anOversizedStatusIsRefusedAndOnlyTheGatewaysOwnSmallStatusIsKeptAsRetained() {
        String gatewayId = id("chatty");
        double before = refusals("status_oversized");
        try (var gateway = PahoClient.connect(SERVER_URI, TestRegistry.gateway(gatewayId))) {

            assertThat(gateway.publish(MqttTopics.status(gatewayId), text("online"), true)).isLessThan(0x80);
            assertThat(gateway.publish(MqttTopics.status(gatewayId), new byte[MAX_STATUS_SIZE + 1], true))
                    .isEqualTo(PAYLOAD_FORMAT_INVALID);
            assertThat(gateway.publish(MqttTopics.status(gatewayId + "-victim"), text("offline"), true))
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(gateway.publish("city/v1/anything/" + gatewayId, text("x"), true)).isEqualTo(NOT_AUTHORIZED);
        }

        assertThat(retained(MqttTopics.status(gatewayId))).contains("online");
        assertThat(retained(MqttTopics.status(gatewayId + "-victim"))).isEmpty();
        assertThat(retained("city/v1/anything/" + gatewayId)).isEmpty();
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
        try (var client = PahoClient.connect(SERVER_URI, TestRegistry.gateway(gatewayId))) {

            client.publishAtMostOnce(MqttTopics.uplink(gatewayId),
                    json.write(UplinkFixtures.batch(gatewayId, gatewayId + "-dev", 1, 1)));

            assertThat(client.awaitDisconnectReason()).isEqualTo(NOT_AUTHORIZED);
        }
        await().atMost(WAIT).until(() -> refusals("qos_0") >= before + 1);
    }

    @Test
    void aSwarmOfOversizedAndStatusSpammingClientsNeitherGrowsTheHeapNorHoldsUpHonestGateways() throws Exception {
        var heap = new HeapAfterGc();
        System.out.println("Heap after GC before the swarm: " + HeapAfterGc.megabytes(heap.sample()));
        var unexpected = new ConcurrentLinkedQueue<String>();
        var honestCodes = new ConcurrentLinkedQueue<Integer>();
        var healthCodes = new ConcurrentLinkedQueue<Integer>();
        var swarmDone = new AtomicBoolean();
        var watch = Executors.newSingleThreadScheduledExecutor();
        List<String> spammers = List.of(id("spam-0"), id("spam-1"), id("spam-2"), id("spam-3"), id("spam-4"),
                id("spam-5"));

        try (ExecutorService pool = Executors.newCachedThreadPool()) {
            var honest = new ArrayList<CompletableFuture<Void>>();
            for (int g = 0; g < 4; g++) {
                String gatewayId = id("honest-" + g);
                honest.add(CompletableFuture.runAsync(() -> publishHonestly(gatewayId, swarmDone, honestCodes), pool));
            }
            watch.scheduleWithFixedDelay(() -> {
                heap.sample();
                healthCodes.add(healthStatus());
            }, 0, 1, TimeUnit.SECONDS);
            try {
                startSwarm(pool, spammers, unexpected).get();
            } finally {
                swarmDone.set(true);
            }
            CompletableFuture.allOf(honest.toArray(CompletableFuture[]::new)).get();
        } finally {
            watch.shutdown();
            watch.awaitTermination(1, TimeUnit.MINUTES);
        }
        long after = heap.sample();
        System.out.printf("Heap after GC under the swarm: peak %s, after it %s; honest gateways: %d PUBACKs, "
                        + "all 0x00: %s; health samples: %d%n", HeapAfterGc.megabytes(heap.peak()),
                HeapAfterGc.megabytes(after), honestCodes.size(),
                honestCodes.stream().allMatch(code -> code == PUBACK_SUCCESS), healthCodes.size());

        assertThat(unexpected).isEmpty();
        assertThat(honestCodes).hasSizeGreaterThanOrEqualTo(4 * 5).containsOnly(PUBACK_SUCCESS);
        assertThat(healthCodes).isNotEmpty().containsOnly(200);
        assertThat(heap.peak()).isLessThan(HEAP_BOUND);
        for (String spammer : spammers) {
            assertThat(retained(MqttTopics.status(spammer))).contains("online");
            assertThat(retained(MqttTopics.status(spammer + "-other-0"))).isEmpty();
            assertThat(retained("city/v1/spam/" + spammer + "/0")).isEmpty();
        }
        assertThat(actuator.get("/health").body()).contains("\"status\":\"UP\"");
    }

    /** Starts every abusive client at once; the future completes when all of them are done. */
    private CompletableFuture<Void> startSwarm(ExecutorService pool, List<String> spammers, Queue<String> unexpected) {
        var swarm = new ArrayList<CompletableFuture<Void>>();
        for (int i = 0; i < 4; i++) {
            String prefix = "claim-" + i;
            swarm.add(CompletableFuture.runAsync(() -> claimHugePackets(prefix, 10, unexpected), pool));
        }
        for (int i = 0; i < 4; i++) {
            String prefix = "big-" + i;
            swarm.add(CompletableFuture.runAsync(() -> sendOversizedPackets(prefix, 5, unexpected), pool));
        }
        for (int i = 0; i < 2; i++) {
            String gatewayId = id("fat-" + i);
            swarm.add(CompletableFuture.runAsync(() -> sendBatchesJustOverTheLimit(gatewayId, 10, unexpected), pool));
        }
        for (String gatewayId : spammers) {
            swarm.add(CompletableFuture.runAsync(() -> spamStatus(gatewayId, 20, unexpected), pool));
        }
        for (int i = 0; i < 2; i++) {
            String prefix = "will-" + i;
            swarm.add(CompletableFuture.runAsync(() -> connectWithAbusiveWills(prefix, 10, unexpected), pool));
        }
        for (int i = 0; i < 2; i++) {
            String prefix = "qos0-" + i;
            swarm.add(CompletableFuture.runAsync(() -> floodAtQos0(prefix, 5, unexpected), pool));
        }
        return CompletableFuture.allOf(swarm.toArray(CompletableFuture[]::new));
    }

    /** A gateway as it should be: small batches, one PUBACK at a time, until the swarm is over. */
    private void publishHonestly(String gatewayId, AtomicBoolean swarmDone, Queue<Integer> codes) {
        try (var gateway = MqttTestGateway.connect(SERVER_URI, TestRegistry.gateway(gatewayId, gatewayId + "-dev", 20))) {
            for (long seq = 0; !swarmDone.get() || seq < 5; seq++) {
                codes.add(gateway.publishBatch(UplinkFixtures.batch(gatewayId, gatewayId + "-dev", 20, seq))
                        .reasonCode());
            }
        }
    }

    /** PUBLISH headers announcing 100 MB: HiveMQ must refuse them before a byte of the body arrives. */
    private void claimHugePackets(String prefix, int rounds, Queue<String> unexpected) {
        for (int round = 0; round < rounds; round++) {
            String gatewayId = id(prefix + "-" + round);
            try (var client = RawMqttClient.connect("127.0.0.1", MQTT_PORT, TestRegistry.gateway(gatewayId))) {
                client.sendPublishHeaderClaiming(MqttTopics.uplink(gatewayId), 1, 100 * 1024 * 1024);
                var reason = client.awaitDisconnectReason();
                if (!reason.equals(Optional.of(PACKET_TOO_LARGE))) {
                    unexpected.add(gatewayId + ": claimed 100 MB, got DISCONNECT " + reason);
                }
            }
        }
    }

    /** Whole 3 MB packets, as many as the receive maximum lets Paho send without waiting. */
    private void sendOversizedPackets(String prefix, int rounds, Queue<String> unexpected) {
        byte[] payload = new byte[3 * 1024 * 1024];
        for (int round = 0; round < rounds; round++) {
            String gatewayId = id(prefix + "-" + round);
            try (var client = PahoClient.connect(SERVER_URI, TestRegistry.gateway(gatewayId))) {
                for (int i = 0; i < client.connack().getReceiveMaximum(); i++) {
                    client.publishWithoutWaiting(MqttTopics.uplink(gatewayId), payload);
                }
                int reason = client.awaitDisconnectReason();
                if (reason != PACKET_TOO_LARGE && reason != PAHO_CONNECTION_LOST) {
                    unexpected.add(gatewayId + ": sent 3 MB, got disconnect reason " + reason);
                }
            }
        }
    }

    /** Batches a little over uplink.max-message-size: they fit in a packet and are dead-lettered as OVERSIZED. */
    private void sendBatchesJustOverTheLimit(String gatewayId, int rounds, Queue<String> unexpected) {
        byte[] payload = new byte[1024 * 1024 + 1024];
        try (var client = PahoClient.connect(SERVER_URI, TestRegistry.gateway(gatewayId))) {
            for (int round = 0; round < rounds; round++) {
                int code = client.publish(MqttTopics.uplink(gatewayId), payload, false);
                if (code != PAYLOAD_FORMAT_INVALID) {
                    unexpected.add(gatewayId + ": batch over the limit answered " + code);
                }
            }
        }
    }

    /** Status messages too large, retained on other gateways' topics, and one small own status each round. */
    private void spamStatus(String gatewayId, int rounds, Queue<String> unexpected) {
        byte[] oversized = new byte[64 * 1024];
        try (var client = PahoClient.connect(SERVER_URI, TestRegistry.gateway(gatewayId), MqttTopics.status(gatewayId),
                text("offline"))) {
            for (int round = 0; round < rounds; round++) {
                expect(unexpected, gatewayId + " oversized status", PAYLOAD_FORMAT_INVALID,
                        client.publish(MqttTopics.status(gatewayId), oversized, true));
                expect(unexpected, gatewayId + " status of another gateway", NOT_AUTHORIZED,
                        client.publish(MqttTopics.status(gatewayId + "-other-" + round), text("offline"), true));
                expect(unexpected, gatewayId + " retained elsewhere", NOT_AUTHORIZED,
                        client.publish("city/v1/spam/" + gatewayId + "/" + round, oversized, true));
                int own = client.publish(MqttTopics.status(gatewayId), text("online"), true);
                if (own >= 0x80) {
                    unexpected.add(gatewayId + ": own small status answered " + own);
                }
            }
        }
    }

    private void connectWithAbusiveWills(String prefix, int rounds, Queue<String> unexpected) {
        for (int round = 0; round < rounds; round++) {
            String gatewayId = id(prefix + "-" + round);
            expect(unexpected, gatewayId + " will elsewhere", NOT_AUTHORIZED,
                    connectRefused(gatewayId, "city/v1/spam/" + gatewayId, text("offline")));
            // A will payload has a 2-byte length: 16 KiB is over the limit and still within what MQTT can carry.
            expect(unexpected, gatewayId + " oversized will", QUOTA_EXCEEDED,
                    connectRefused(gatewayId, MqttTopics.status(gatewayId), new byte[16 * 1024]));
        }
    }

    /** Half-megabyte batches at QoS 0, which no PUBACK paces, until the broker closes the connection. */
    private void floodAtQos0(String prefix, int rounds, Queue<String> unexpected) {
        byte[] payload = new byte[512 * 1024];
        for (int round = 0; round < rounds; round++) {
            String gatewayId = id(prefix + "-" + round);
            try (var client = PahoClient.connect(SERVER_URI, TestRegistry.gateway(gatewayId))) {
                for (int i = 0; i < 20 && client.publishAtMostOnce(MqttTopics.uplink(gatewayId), payload); i++) {
                    // Keep sending until the broker stops the client.
                }
                int reason = client.awaitDisconnectReason();
                if (reason != NOT_AUTHORIZED && reason != PAHO_CONNECTION_LOST) {
                    unexpected.add(gatewayId + ": QoS 0 flood ended with disconnect reason " + reason);
                }
            }
        }
    }

    private static int connectRefused(String gatewayId, String willTopic, byte[] willPayload) {
        try (var accepted = PahoClient.connect(SERVER_URI, TestRegistry.gateway(gatewayId), willTopic,
                willPayload)) {
            return PUBACK_SUCCESS;
        } catch (PahoClient.ConnectRefused refused) {
            return refused.reasonCode();
        }
    }

    /**
     * The payload HiveMQ keeps as retained on {@code topic}, read from the broker in this JVM: no gateway may
     * subscribe outside its own downlink tree, so no client could look.
     */
    private static Optional<String> retained(String topic) {
        try {
            return Services.retainedMessageStore().getRetainedMessage(topic).get(30, TimeUnit.SECONDS)
                    .flatMap(message -> message.getPayload())
                    .map(payload -> StandardCharsets.UTF_8.decode(payload.duplicate()).toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the retained message on " + topic, e);
        }
    }

    /** The health endpoint's HTTP status, or -1 when it did not answer at all. */
    private int healthStatus() {
        try {
            return actuator.get("/health").statusCode();
        } catch (RuntimeException noAnswer) {
            return -1;
        }
    }

    private double refusals(String reason) {
        return actuator.metric("urbanops_ingestion_refusals_total", "reason", reason);
    }

    private static void expect(Queue<String> unexpected, String what, int expected, int actual) {
        if (actual != expected) {
            unexpected.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    private String id(String name) {
        return "abuse-" + run + "-" + name;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
