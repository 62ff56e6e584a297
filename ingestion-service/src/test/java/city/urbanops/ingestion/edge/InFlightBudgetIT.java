package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.ingestion.ActuatorClient;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * When the batches being handled at once fill the in-flight budget, the next PUBLISH is answered 0x97 at once; the
 * gateway keeps that batch, sends it again later and has it acknowledged, and the endpoint stays healthy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class InFlightBudgetIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int GATEWAYS = 4;
    /** About 480 KB each: two fit in the budget of one largest packet, the third does not. */
    private static final int READINGS_PER_BATCH = 5000;
    private static final int QUOTA_EXCEEDED = 0x97;
    /** Kafka did not take the batch in time: on this shared machine 5000 records can outlast kafka.max-block. */
    private static final int RETRY = 0x83;

    @LocalServerPort
    int httpPort;

    private final Map<String, ProvisionedGateway> provisioned = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "budget-it");
        // The smallest budget allowed: one packet of the largest size (1 MiB batch + 64 KiB headroom).
        registry.add("urbanops.ingestion.mqtt.in-flight-budget", () -> "1088KB");
    }

    @Test
    void aPublishBeyondTheBudgetIsAnsweredQuotaExceededAndAcknowledgedWhenSentAgain() throws Exception {
        var actuator = new ActuatorClient(httpPort);
        String run = UUID.randomUUID().toString().substring(0, 8);
        var answers = new ConcurrentLinkedQueue<Integer>();
        int rounds = 0;

        try (var classTopic = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.TELEMETRY_ENVIRONMENTAL);
             ExecutorService gateways = Executors.newFixedThreadPool(GATEWAYS)) {
            while (!answers.contains(QUOTA_EXCEEDED) && rounds < 10) {
                publishAtOnceFromEveryGateway(run, rounds++, gateways, answers);
            }

            assertThat(answers).contains(QUOTA_EXCEEDED).isSubsetOf(0x00, QUOTA_EXCEEDED, RETRY);
            int expected = rounds * GATEWAYS * READINGS_PER_BATCH;
            var landed = classTopic.awaitMatching(record -> record.key().startsWith("dev-" + run), expected, WAIT);
            var ids = new HashSet<String>();
            landed.forEach(record -> ids.add(new String(record.headers().lastHeader("ce_id").value(),
                    StandardCharsets.UTF_8)));
            assertThat(ids).hasSize(expected);
        }
        System.out.printf("In-flight budget: %d PUBLISHes answered 0x97 and sent again, in %d rounds%n",
                answers.stream().filter(code -> code == QUOTA_EXCEEDED).count(), rounds);
        assertThat(actuator.metric("urbanops_ingestion_refusals_total", "reason", "in_flight_budget"))
                .isGreaterThanOrEqualTo(1);
        assertThat(actuator.get("/health").statusCode()).isEqualTo(200);
    }

    /**
     * Every gateway sends one large batch at the same moment, and keeps sending it while it is answered 0x97 (or
     * 0x83), as a gateway does.
     */
    private void publishAtOnceFromEveryGateway(String run, int round, ExecutorService pool, Queue<Integer> answers)
            throws Exception {
        var start = new CyclicBarrier(GATEWAYS);
        var sent = new ArrayList<CompletableFuture<Void>>();
        for (int g = 0; g < GATEWAYS; g++) {
            String gatewayId = "gw-budget-" + run + "-" + g;
            var batch = UplinkFixtures.batch(gatewayId, "dev-" + run + "-" + g, READINGS_PER_BATCH, round);
            String devicePrefix = "dev-" + run + "-" + g;
            var provisioned = this.provisioned.computeIfAbsent(gatewayId,
                    id -> TestRegistry.gateway(id, devicePrefix, READINGS_PER_BATCH));
            sent.add(CompletableFuture.runAsync(() -> {
                try (var gateway = MqttTestGateway.connect("tcp://127.0.0.1:" + MQTT_PORT, provisioned)) {
                    start.await();
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                        int code = gateway.publishBatch(batch).reasonCode();
                        answers.add(code);
                        return code != QUOTA_EXCEEDED && code != RETRY;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
    }
}
