package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.ingestion.TestRegistry;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.PublishOutcome;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Many gateways' batches at full speed: every acknowledged reading is on its class topic exactly as published. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class IngestionThroughputIT {

    private static final int MQTT_PORT = FreePorts.next();
    private static final int GATEWAYS = 4;
    private static final int BATCHES_PER_GATEWAY = 250;
    private static final int READINGS_PER_BATCH = 100;
    /** PUBLISHes a gateway keeps in flight: the edge's server receive maximum, which Paho does not exceed. */
    private static final int IN_FLIGHT = 2;
    private static final int WARM_UP_BATCHES = 300;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("urbanops.ingestion.mqtt.host", () -> "127.0.0.1");
        registry.add("urbanops.ingestion.mqtt.port", () -> MQTT_PORT);
        registry.add("urbanops.ingestion.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
        registry.add("urbanops.ingestion.instance-id", () -> "throughput-it");
    }

    @Test
    void everyAcknowledgedReadingOfAHundredThousandLandsOnItsClassTopic() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        var json = new EventJson();
        warmUp(run, json);
        var payloads = new ArrayList<List<byte[]>>();
        for (int g = 0; g < GATEWAYS; g++) {
            var batches = new ArrayList<byte[]>(BATCHES_PER_GATEWAY);
            for (int seq = 0; seq < BATCHES_PER_GATEWAY; seq++) {
                batches.add(json.write(UplinkFixtures.batch(gatewayId(run, g), "dev-" + run + "-" + g,
                        READINGS_PER_BATCH, seq)));
            }
            payloads.add(batches);
        }
        int expected = GATEWAYS * BATCHES_PER_GATEWAY * READINGS_PER_BATCH;
        var provisioned = new ArrayList<ProvisionedGateway>();
        for (int g = 0; g < GATEWAYS; g++) {
            provisioned.add(TestRegistry.gateway(gatewayId(run, g), "dev-" + run + "-" + g, READINGS_PER_BATCH));
        }

        try (var probe = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.CLASS_TOPICS.toArray(String[]::new));
             ExecutorService senders = Executors.newFixedThreadPool(GATEWAYS)) {
            long started = System.nanoTime();
            var results = new ArrayList<CompletableFuture<List<PublishOutcome>>>();
            for (int g = 0; g < GATEWAYS; g++) {
                int gateway = g;
                results.add(CompletableFuture.supplyAsync(
                        () -> publishAll(provisioned.get(gateway), payloads.get(gateway)), senders));
            }
            var outcomes = results.stream().flatMap(result -> result.join().stream()).toList();
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(outcomes).hasSize(GATEWAYS * BATCHES_PER_GATEWAY)
                    .allSatisfy(outcome -> assertThat(outcome.reasonCode()).isZero());
            System.out.printf("Ingestion throughput: %d readings in %d batches from %d gateways acknowledged in "
                            + "%.2f s = %.0f readings/s%n", expected, outcomes.size(), GATEWAYS, seconds,
                    expected / seconds);

            var records = probe.awaitMatching(record -> record.key().startsWith("dev-" + run), expected,
                    Duration.ofMinutes(2));
            var ids = new HashSet<String>();
            for (var record : records) {
                ids.add(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
            }
            assertThat(ids).hasSize(expected);
            assertThat(ids).anyMatch(id -> id.startsWith("dev-" + run + "-0-0/0/"))
                    .anyMatch(id -> id.startsWith("dev-" + run + "-3-99/" + (BATCHES_PER_GATEWAY - 1) + "/"));
        }
    }

    /** A short unmeasured round, so the figure printed is the JIT-compiled steady state, not start-up. */
    private static void warmUp(String run, EventJson json) {
        String gatewayId = "gw-" + run + "-warmup";
        var batches = new ArrayList<byte[]>();
        for (int seq = 0; seq < WARM_UP_BATCHES; seq++) {
            batches.add(json.write(UplinkFixtures.batch(gatewayId, "warmup-" + run, READINGS_PER_BATCH, seq)));
        }
        var provisioned = TestRegistry.gateway(gatewayId, "warmup-" + run, READINGS_PER_BATCH);
        assertThat(publishAll(provisioned, batches)).allSatisfy(outcome -> assertThat(outcome.reasonCode()).isZero());
    }

    private static List<PublishOutcome> publishAll(ProvisionedGateway provisioned, List<byte[]> batches) {
        String gatewayId = provisioned.gatewayId();
        try (var gateway = MqttTestGateway.connect("tcp://127.0.0.1:" + MQTT_PORT, provisioned)) {
            var window = new Semaphore(IN_FLIGHT);
            var pending = new ArrayList<CompletableFuture<PublishOutcome>>(batches.size());
            for (byte[] batch : batches) {
                window.acquireUninterruptibly();
                pending.add(gateway.publishAsync(MqttTopics.uplink(gatewayId), batch)
                        .whenComplete((outcome, failure) -> window.release()));
            }
            return pending.stream().map(CompletableFuture::join).toList();
        }
    }

    private static String gatewayId(String run, int gateway) {
        return "gw-" + run + "-" + gateway;
    }
}
