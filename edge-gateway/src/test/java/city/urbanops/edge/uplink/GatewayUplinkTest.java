package city.urbanops.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.edge.config.EdgeGatewayProperties.Uplink;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The uplink's delivery rules against a transport whose PUBACK reason codes the test scripts: what is retried,
 * what is dropped, and that order holds.
 */
class GatewayUplinkTest {

    private final EventJson json = new EventJson();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final AtomicReference<String> cutBy = new AtomicReference<>();
    private final Backhaul backhaul = gatewayId -> Optional.ofNullable(cutBy.get());
    private GatewayUplink uplink;

    @AfterEach
    void close() {
        if (uplink != null) {
            uplink.close();
        }
    }

    @Test
    void transientErrorPubackKeepsTheBatchAndResendsItBeforeNewerBatches() {
        transport.answers.addAll(List.of(0x83, 0x83, 0x00, 0x00, 0x00));
        uplink = start(settings(10, 1_000));

        uplink.submit(readings(0, 10));
        uplink.submit(readings(10, 10));
        uplink.submit(readings(20, 10));

        // The transport records a publish before the uplink counts its outcome: await the count, not the publish.
        await().atMost(Duration.ofSeconds(10)).until(() -> readings("delivered") == 30);
        assertThat(firstSeqs()).containsExactly(0L, 0L, 0L, 10L, 20L);
        assertThat(batches("retried")).isEqualTo(2);
        assertThat(uplink.queuedBatches()).isZero();
    }

    @Test
    void payloadFormatInvalidAndNotAuthorizedDropTheBatchAndCountItsReadingsRejected() {
        transport.answers.addAll(List.of(0x99, 0x87, 0x00));
        uplink = start(settings(5, 1_000));

        uplink.submit(readings(0, 15));

        await().atMost(Duration.ofSeconds(10)).until(() -> readings("delivered") == 5);
        assertThat(firstSeqs()).containsExactly(0L, 5L, 10L);
        assertThat(readings("rejected")).isEqualTo(10);
        assertThat(batches("retried")).isZero();
    }

    @Test
    void readingsRejectedOutOfADeliveredBatchAreCountedByReasonAndReported() {
        transport.answers.add(0x00);
        transport.userProperties.put("urbanops.rejected.OUT_OF_RANGE", "2");
        uplink = start(settings(5, 1_000));

        uplink.submit(readings(0, 5));

        await().atMost(Duration.ofSeconds(10)).until(() -> readings("delivered") == 3);
        assertThat(readings("rejected")).isEqualTo(2);
        assertThat(uplink.rejectedReadings()).containsExactly(Map.entry("OUT_OF_RANGE", 2L));
        assertThat(registry.find("urbanops.edge.rejected.readings").tag("reason", "OUT_OF_RANGE").counter().count())
                .isEqualTo(2);
        assertThat(uplink.queuedBatches()).isZero();
    }

    @Test
    void noPubackAtAllIsRetriedLikeATransientError() {
        transport.answers.addAll(List.of(PubackOutcome.NO_PUBACK, 0x00));
        uplink = start(settings(5, 1_000));

        uplink.submit(readings(0, 5));

        await().atMost(Duration.ofSeconds(10)).until(() -> readings("delivered") == 5);
        assertThat(firstSeqs()).containsExactly(0L, 0L);
    }

    @Test
    void aPartialBatchIsSentOnceItHasWaitedTheMaximumDelay() {
        transport.answers.add(0x00);
        uplink = start(settings(100, 50));

        uplink.submit(readings(0, 3));

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            uplink.flushDue();
            return transport.published.size() == 1;
        });
        assertThat(transport.published.getFirst().readings()).hasSize(3);
    }

    @Test
    void aFullQueueDropsNewReadingsAndCountsThem() {
        transport.reachable = false;
        transport.connected = false;
        uplink = start(new Uplink(5, Duration.ofSeconds(1), 2, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(100)));

        uplink.submit(readings(0, 20));

        assertThat(uplink.queuedBatches()).isEqualTo(2);
        assertThat(readings("dropped")).isEqualTo(10);
        assertThat(registry.get("urbanops.edge.queue.depth").tag("gateway", "gw-01").gauge().value()).isEqualTo(2);
    }

    @Test
    void aCutBackhaulDropsTheConnectionOnceStaysOffAndDeliversTheBufferInOrderWhenItIsBack() {
        transport.answers.addAll(List.of(0x00, 0x00, 0x00, 0x00));
        uplink = start(settings(5, 1_000));
        uplink.submit(readings(0, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> readings("delivered") == 5);

        cutBy.set("UPLINK_LOSS of gw-01 (test)");
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.drops.get() == 1 && !transport.connected);
        uplink.submit(readings(5, 15));

        // While the cut lasts nothing is published and no connection is even attempted, though the queue waits.
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() ->
                transport.connects.get() == 0 && transport.published.size() == 1 && uplink.queuedBatches() == 3);
        assertThat(uplink.queuedReadings()).isEqualTo(15);

        cutBy.set(null);

        await().atMost(Duration.ofSeconds(5)).until(() -> readings("delivered") == 20);
        assertThat(firstSeqs()).containsExactly(0L, 5L, 10L, 15L);
        assertThat(transport.connects.get()).isEqualTo(1);
        assertThat(transport.drops.get()).isEqualTo(1);
    }

    @Test
    void aGatewayCutOnPurposeShowsDeliberatelyDownWithItsBufferWhileHealthStaysUp() {
        uplink = start(settings(5, 1_000));
        cutBy.set("UPLINK_LOSS of gw-01 (test)");
        await().atMost(Duration.ofSeconds(5)).until(() -> !transport.connected);
        uplink.submit(readings(0, 10));
        var health = new UplinkHealthIndicator(new Uplinks(List.of("gw-01"), id -> uplink, Duration.ofSeconds(1)));

        var report = health.health();

        assertThat(report.getStatus().getCode()).isEqualTo("UP");
        assertThat(report.getDetails()).containsEntry("connectedGateways", 0L)
                .containsEntry("deliberatelyDownGateways", 1L);
        @SuppressWarnings("unchecked")
        var gateway = (Map<String, Object>) ((Map<String, Object>) report.getDetails().get("byGateway")).get("gw-01");
        assertThat(gateway).containsEntry("connected", false)
                .containsEntry("deliberatelyDown", "backhaul cut by simulated UPLINK_LOSS of gw-01 (test)")
                .containsEntry("queuedReadings", 10);
        assertThat(registry.get("urbanops.edge.backhaul.cut").tag("gateway", "gw-01").gauge().value()).isEqualTo(1);
        assertThat(registry.get("urbanops.edge.queue.readings").tag("gateway", "gw-01").gauge().value()).isEqualTo(10);
    }

    @Test
    void aGatewayThatCannotConnectWithoutAFaultMakesHealthDown() {
        transport.reachable = false;
        transport.connected = false;
        uplink = start(settings(5, 1_000));

        var report = new UplinkHealthIndicator(new Uplinks(List.of("gw-01"), id -> uplink, Duration.ofSeconds(1)))
                .health();

        assertThat(report.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(report.getDetails()).containsEntry("deliberatelyDownGateways", 0L);
    }

    private GatewayUplink start(Uplink settings) {
        var started = new GatewayUplink("gw-01", transport, backhaul, settings, new UplinkMetrics(registry), json,
                Clock.systemUTC());
        started.start();
        return started;
    }

    private static Uplink settings(int batchMaxReadings, long batchMaxDelayMillis) {
        return new Uplink(batchMaxReadings, Duration.ofMillis(batchMaxDelayMillis), 100, Duration.ofMillis(10),
                Duration.ofMillis(40), Duration.ofMillis(500));
    }

    private static List<Reading> readings(long firstSeq, int count) {
        return LongStream.range(firstSeq, firstSeq + count)
                .mapToObj(seq -> new Reading("gw-01-fl-001", Instant.parse("2026-11-25T10:00:00Z"), seq, null,
                        List.of(Measurement.numeric("water_level", "m", 0.4))))
                .toList();
    }

    private List<Long> firstSeqs() {
        return transport.published.stream().map(batch -> batch.readings().getFirst().seq()).toList();
    }

    private double readings(String outcome) {
        var counter = registry.find("urbanops.edge.readings").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double batches(String outcome) {
        var counter = registry.find("urbanops.edge.batches").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Answers each publish with the next scripted reason code; records what was published, decoded. */
    private final class ScriptedTransport implements UplinkTransport {
        final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
        final Map<String, String> userProperties = new ConcurrentHashMap<>();
        final List<UplinkBatch> published = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger drops = new AtomicInteger();
        volatile boolean reachable = true;
        volatile boolean connected = true;

        @Override
        public boolean ensureConnected() {
            if (!connected && reachable) {
                connects.incrementAndGet();
                connected = true;
            }
            return connected;
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public PubackOutcome publish(byte[] batch) {
            Integer code = answers.poll();
            if (code == null) {
                // Unscripted: behave like a broker that never answers.
                return PubackOutcome.noPuback("unscripted");
            }
            published.add(json.read(batch, UplinkBatch.class));
            return code == PubackOutcome.NO_PUBACK ? PubackOutcome.noPuback("timed out")
                    : PubackOutcome.ofPuback(code, "scripted 0x" + Integer.toHexString(code), userProperties);
        }

        @Override
        public void dropConnection() {
            connected = false;
            drops.incrementAndGet();
        }

        @Override
        public void close() {
            connected = false;
        }
    }
}
