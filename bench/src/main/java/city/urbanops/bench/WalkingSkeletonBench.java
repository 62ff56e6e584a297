package city.urbanops.bench;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.PublishOutcome;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import city.urbanops.testkit.postgres.PostgresDatabase;
import city.urbanops.testkit.process.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures the walking skeleton end to end on real infrastructure: gateways publish batches over MQTT 5 to the
 * ingestion service (its own executable jar, in its own JVM), which produces every reading to its class topic before
 * the PUBACK; the telemetry service writes them to PostgreSQL. Prints readings/s to PUBACK, to Kafka and to the store.
 *
 * <p>Arguments (all optional): {@code readings=200000 gateways=4 batch=100 inflight=2 warmup=100000};
 * {@code inflight} may not exceed ingestion's {@code mqtt.server-receive-maximum} (2), which Paho refuses to pass.
 */
public final class WalkingSkeletonBench {

    private static final EventJson JSON = new EventJson();

    private WalkingSkeletonBench() {
    }

    public static void main(String[] args) throws Exception {
        var settings = Settings.parse(args);
        var repo = Path.of(System.getProperty("urbanops.repo", ".")).toAbsolutePath().normalize();
        var version = System.getProperty("urbanops.version", "0.1.0-SNAPSHOT");
        System.out.printf("Walking skeleton benchmark: %s%n", settings);
        System.out.printf("Machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        try (var kafka = KafkaBroker.startDedicated();
             var postgres = PostgresDatabase.startEmbedded()) {
            int mqttPort = FreePorts.next();
            var issuer = "http://localhost:" + FreePorts.next() + "/realms/city";
            try (var ingestion = ServiceProcess.of("ingestion-service", jar(repo, "ingestion-service", version),
                    FreePorts.next(), Map.of(
                            "urbanops.ingestion.mqtt.port", Integer.toString(mqttPort),
                            "urbanops.ingestion.kafka.bootstrap-servers", kafka.bootstrapServers(),
                            "urbanops.ingestion.instance-id", "bench-1",
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer))
                    .withJvmOptions(ServiceProcess.PRODUCTION_LIKE).start(Duration.ofMinutes(2));
                 var telemetry = ServiceProcess.of("telemetry-service", jar(repo, "telemetry-service", version),
                         FreePorts.next(), Map.of(
                                 "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                                 "spring.datasource.url", postgres.jdbcUrl(),
                                 "spring.datasource.username", postgres.username(),
                                 "spring.datasource.password", postgres.password(),
                                 "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer))
                         .withJvmOptions(ServiceProcess.PRODUCTION_LIKE).start(Duration.ofMinutes(2))) {
                var serverUri = "tcp://localhost:" + mqttPort;
                System.out.printf("Warm-up: %d readings%n", settings.warmup());
                var warm = publish(serverUri, settings.withReadings(settings.warmup()), "warm", kafka, postgres, 0);
                System.out.printf("Measured run: %d readings%n", settings.readings());
                var result = publish(serverUri, settings, "run", kafka, postgres, warm.storedRows());
                result.print(settings);
            }
        }
    }

    private static Result publish(String serverUri, Settings settings, String runId, KafkaBroker kafka,
                                  PostgresDatabase postgres, long rowsBefore) throws Exception {
        int batchesPerGateway = Math.max(1, settings.readings() / settings.batch() / settings.gateways());
        long readings = (long) batchesPerGateway * settings.batch() * settings.gateways();
        var refused = new AtomicLong();
        Map<TopicPartition, Long> offsetsBefore;
        try (var admin = kafka.admin()) {
            offsetsBefore = endOffsets(admin);
        }
        var gateways = new ArrayList<MqttTestGateway>();
        for (int g = 0; g < settings.gateways(); g++) {
            gateways.add(MqttTestGateway.connect(serverUri, "bench-" + runId + "-gw-" + g));
        }
        long start = System.nanoTime();
        var senders = new ArrayList<CompletableFuture<Void>>();
        for (var gateway : gateways) {
            senders.add(CompletableFuture.runAsync(() -> sendAll(gateway, runId, settings, batchesPerGateway, refused)));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).join();
        long acked = System.nanoTime();
        gateways.forEach(MqttTestGateway::close);

        long onKafka;
        try (var admin = kafka.admin()) {
            while (sumDelta(offsetsBefore, endOffsets(admin)) < readings) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            onKafka = System.nanoTime();
        }
        long expectedRows = rowsBefore + readings * 2; // every fixture reading carries two measurements
        long stored;
        long rows;
        try (var connection = postgres.dataSource().getConnection()) {
            while (true) {
                try (var result = connection.createStatement().executeQuery("SELECT count(*) FROM telemetry_measurement")) {
                    result.next();
                    rows = result.getLong(1);
                }
                if (rows >= expectedRows || System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                    stored = System.nanoTime();
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        return new Result(readings, refused.get(), acked - start, onKafka - start, stored - start, rows, expectedRows);
    }

    private static void sendAll(MqttTestGateway gateway, String runId, Settings settings, int batches, AtomicLong refused) {
        var window = new Semaphore(settings.inflight());
        var pending = new ArrayList<CompletableFuture<PublishOutcome>>();
        var topic = MqttTopics.uplink(gateway.gatewayId());
        for (int b = 0; b < batches; b++) {
            var payload = JSON.write(UplinkFixtures.batch(gateway.gatewayId(), gateway.gatewayId() + "-dev", settings.batch(), b));
            window.acquireUninterruptibly();
            pending.add(gateway.publishAsync(topic, payload).whenComplete((outcome, failure) -> {
                window.release();
                if (failure != null || !outcome.delivered()) {
                    refused.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        var request = new HashMap<TopicPartition, OffsetSpec>();
        for (var topic : Topics.CLASS_TOPICS) {
            for (int p = 0; p < 3; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        var offsets = new HashMap<TopicPartition, Long>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private static long sumDelta(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    private static Path jar(Path repo, String module, String version) {
        return repo.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
    }

    /** Load shape of one run. */
    record Settings(int readings, int gateways, int batch, int inflight, int warmup) {

        static Settings parse(String[] args) {
            var values = new HashMap<String, Integer>(Map.of("readings", 200_000, "gateways", 4, "batch", 100,
                    "inflight", 2, "warmup", 100_000));
            for (var arg : args) {
                var pair = arg.split("=", 2);
                if (pair.length != 2 || !values.containsKey(pair[0])) {
                    throw new IllegalArgumentException("unknown argument " + arg + "; known: " + values.keySet());
                }
                values.put(pair[0], Integer.parseInt(pair[1]));
            }
            return new Settings(values.get("readings"), values.get("gateways"), values.get("batch"),
                    values.get("inflight"), values.get("warmup"));
        }

        Settings withReadings(int count) {
            return new Settings(count, gateways, batch, inflight, warmup);
        }
    }

    /** Figures of one run; times in nanoseconds from the first PUBLISH. */
    record Result(long readings, long refusedBatches, long ackedNanos, long kafkaNanos, long storedNanos,
                  long storedRows, long expectedRows) {

        void print(Settings settings) {
            System.out.println();
            System.out.printf("readings published        %,d in batches of %d over %d MQTT connections%n",
                    readings, settings.batch(), settings.gateways());
            System.out.printf("batches refused (PUBACK>=0x80) %d%n", refusedBatches);
            System.out.printf("MQTT -> PUBACK (on Kafka) %,.0f readings/s (%.2f s)%n", rate(ackedNanos), seconds(ackedNanos));
            System.out.printf("MQTT -> class topics      %,.0f readings/s (%.2f s)%n", rate(kafkaNanos), seconds(kafkaNanos));
            System.out.printf("MQTT -> PostgreSQL rows   %,.0f readings/s (%.2f s), %,d of %,d rows%n",
                    rate(storedNanos), seconds(storedNanos), storedRows, expectedRows);
        }

        private double rate(long nanos) {
            return readings / seconds(nanos);
        }

        private static double seconds(long nanos) {
            return nanos / 1e9;
        }
    }
}
