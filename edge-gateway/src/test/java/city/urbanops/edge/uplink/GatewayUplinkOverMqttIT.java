package city.urbanops.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.edge.config.EdgeGatewayProperties.Mqtt;
import city.urbanops.edge.config.EdgeGatewayProperties.Uplink;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The uplink over a real Paho MQTT 5 connection to a real broker: Paho reports error PUBACKs as successes, so this
 * proves the gateway reads the reason code and retries or drops as it should.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayUplinkOverMqttIT {

    /** Shaped like a registry-issued secret (GatewayTokens), so a log line with it would be recognisable. */
    private static final String SECRET = "uogw_" + "k3Jx9QeV0pLmN2sT7wYzA4bC6dE8fG1hI5jK0lM2nO4";

    @TempDir
    Path workDir;

    private final EventJson json = new EventJson();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ScriptedMqttEdge edge;
    private GatewayUplink uplink;

    @BeforeEach
    void startBroker() throws Exception {
        edge = new ScriptedMqttEdge(workDir);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        edge.close();
    }

    @Test
    void errorPubacksAreRetriedOrDroppedByReasonCodeAndOrderHolds() {
        edge.answers.addAll(List.of(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, AckReasonCode.SUCCESS,
                AckReasonCode.PAYLOAD_FORMAT_INVALID, AckReasonCode.NOT_AUTHORIZED, AckReasonCode.SUCCESS));
        uplink = startUplink();

        for (long first = 0; first < 40; first += 10) {
            uplink.submit(readings(first, 10));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> edge.uplinkPayloads.size() == 5);
        assertThat(edge.uplinkPayloads).extracting(payload -> json.read(payload, UplinkBatch.class).readings().getFirst().seq())
                .containsExactly(0L, 0L, 10L, 20L, 30L);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("urbanops.edge.readings", "delivered") == 20);
        assertThat(count("urbanops.edge.readings", "rejected")).isEqualTo(20);
        assertThat(count("urbanops.edge.batches", "retried")).isEqualTo(1);
        assertThat(edge.statusPayloads).containsExactly("online");
    }

    @Test
    void theGatewayConnectsWithItsIdAsUserNameAndItsSecretAsPasswordAndNeverLogsTheSecret(CapturedOutput output) {
        uplink = startUplink();
        await().atMost(Duration.ofSeconds(10)).until(uplink::connected);

        assertThat(edge.connects).containsExactly("gw-01/gw-01/" + SECRET);
        assertThat(new Mqtt(edge.serverUri(), Map.of("gw-01", SECRET), null, null, null).toString())
                .contains("gw-01").doesNotContain(SECRET);
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    @Test
    void batchesQueuedWhileTheBrokerIsDownAreDeliveredInOrderOnceItIsBack() throws Exception {
        uplink = startUplink();
        await().atMost(Duration.ofSeconds(10)).until(uplink::connected);
        edge.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !uplink.connected());

        uplink.submit(readings(0, 10));
        uplink.submit(readings(10, 10));
        edge = new ScriptedMqttEdge(workDir.resolve("again"), portOf(edge));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("urbanops.edge.readings", "delivered") == 20);
        assertThat(edge.uplinkPayloads).extracting(payload -> json.read(payload, UplinkBatch.class).readings().getFirst().seq())
                .containsExactly(0L, 10L);
    }

    private GatewayUplink startUplink() {
        var mqtt = new Mqtt(edge.serverUri(), Map.of("gw-01", SECRET), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        var settings = new Uplink(10, Duration.ofSeconds(1), 100, Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(2));
        var started = new GatewayUplink("gw-01", new PahoUplinkTransport("gw-01", mqtt.secretOf("gw-01"), mqtt),
                Backhaul.INTACT, settings, new UplinkMetrics(registry), json, Clock.systemUTC());
        started.start();
        return started;
    }

    private static int portOf(ScriptedMqttEdge edge) {
        return Integer.parseInt(edge.serverUri().substring(edge.serverUri().lastIndexOf(':') + 1));
    }

    private double count(String name, String outcome) {
        var counter = registry.find(name).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<Reading> readings(long firstSeq, int count) {
        return LongStream.range(firstSeq, firstSeq + count)
                .mapToObj(seq -> new Reading("gw-01-wl-001", Instant.parse("2026-11-25T10:00:00Z"), seq, null,
                        List.of(Measurement.bool("leak", false))))
                .toList();
    }
}
