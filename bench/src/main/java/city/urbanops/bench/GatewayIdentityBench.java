package city.urbanops.bench;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.RawMqttConnection;
import city.urbanops.testkit.registry.ProvisionedGateway;
import city.urbanops.testkit.registry.RegistryFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures gateway identity at the MQTT endpoint: authenticated connects per second (many raw MQTT 5 clients in
 * parallel, each CONNECT with user name and secret, CONNACK, DISCONNECT), and the time from a revocation record being
 * acknowledged by Kafka's producer call to the gateway's Paho client hearing its DISCONNECT (p50/p99). Gateways are
 * provisioned by producing registry records, as the registry would.
 */
final class GatewayIdentityBench {

    private final String host;
    private final int port;
    private final String bootstrapServers;

    GatewayIdentityBench(String host, int port, String bootstrapServers) {
        this.host = host;
        this.port = port;
        this.bootstrapServers = bootstrapServers;
    }

    /** {@code connects} authenticated connects over {@code gateways} gateways from {@code parallel} threads. */
    void measureConnects(String runId, int gateways, int connects, int parallel) throws Exception {
        try (var registry = RegistryFixture.on(bootstrapServers)) {
            var provisioned = registry.gateways("bench-" + runId + "-conn", gateways);
            // The view applies the records a moment after Kafka took them: the last one connecting proves it is in.
            MqttTestGateway.connect("tcp://" + host + ":" + port, provisioned.getLast()).close();
            connectAll(provisioned, Math.min(connects, gateways * 2), parallel); // warm-up
            var refused = new AtomicInteger();
            long started = System.nanoTime();
            int done = connectAll(provisioned, connects, parallel, refused);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%nauthenticated connects    %,d from %d parallel clients over %d gateways, %d refused%n",
                    done, parallel, gateways, refused.get());
            System.out.printf("MQTT CONNECT -> CONNACK   %,.0f authenticated connects/s (%.2f s)%n", done / seconds,
                    seconds);
        }
    }

    /** Revokes {@code gateways} connected gateways one after the other and prints producing-to-disconnect times. */
    void measureRevocations(String runId, int gateways) throws Exception {
        try (var registry = RegistryFixture.on(bootstrapServers)) {
            var provisioned = new ArrayList<ProvisionedGateway>();
            for (int i = 0; i < gateways; i++) {
                provisioned.add(registry.gateway("bench-" + runId + "-revoke-" + i));
            }
            var connected = new ArrayList<MqttTestGateway>();
            for (var gateway : provisioned) {
                connected.add(MqttTestGateway.connect("tcp://" + host + ":" + port, gateway));
            }
            long[] millis = new long[gateways];
            int missed = 0;
            for (int i = 0; i < gateways; i++) {
                var disconnected = connected.get(i).disconnected();
                long produced = System.nanoTime();
                registry.lifecycle(provisioned.get(i).gatewayId(), DeviceLifecycle.REVOKED);
                try {
                    millis[i] = TimeUnit.NANOSECONDS.toMillis(disconnected.get(10, TimeUnit.SECONDS).atNanos()
                            - produced);
                } catch (TimeoutException notDisconnected) {
                    millis[i] = Long.MAX_VALUE;
                    missed++;
                }
            }
            connected.forEach(MqttTestGateway::close);
            Arrays.sort(millis);
            System.out.printf("%nrevocations               %d connected gateways revoked one after the other, %d not "
                    + "disconnected within 10 s%n", gateways, missed);
            System.out.printf("revocation -> DISCONNECT  p50 %d ms, p99 %d ms, max %s ms%n", percentile(millis, 50),
                    percentile(millis, 99), millis[gateways - 1] == Long.MAX_VALUE ? ">10000" : millis[gateways - 1]);
        }
    }

    private int connectAll(List<ProvisionedGateway> gateways, int connects, int parallel) throws Exception {
        return connectAll(gateways, connects, parallel, new AtomicInteger());
    }

    private int connectAll(List<ProvisionedGateway> gateways, int connects, int parallel, AtomicInteger refused)
            throws Exception {
        var next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            var workers = new ArrayList<Future<Integer>>();
            for (int t = 0; t < parallel; t++) {
                workers.add(pool.submit(() -> {
                    int mine = 0;
                    for (long n = next.getAndIncrement(); n < connects; n = next.getAndIncrement()) {
                        // With more gateways than threads no gateway is connected twice at once (a takeover).
                        if (connectOnce(gateways.get((int) (n % gateways.size()))) != 0) {
                            refused.incrementAndGet();
                        }
                        mine++;
                    }
                    return mine;
                }));
            }
            int total = 0;
            for (var worker : workers) {
                total += worker.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One MQTT 5 CONNECT (clean start, user name, password), its CONNACK's reason code, then DISCONNECT. */
    private int connectOnce(ProvisionedGateway gateway) {
        try (var connection = RawMqttConnection.connect(host, port, gateway.gatewayId(), gateway.secret(),
                Duration.ofSeconds(30))) {
            return connection.connackReasonCode();
        }
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
