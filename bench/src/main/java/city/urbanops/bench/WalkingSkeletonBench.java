package city.urbanops.bench;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.launchers.postgres.PostgresNode;
import city.urbanops.launchers.postgres.PostgresNode.Durability;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.mqtt.PublishOutcome;
import city.urbanops.testkit.mqtt.UplinkFixtures;
import city.urbanops.testkit.process.ServiceProcess;
import city.urbanops.testkit.registry.RegistryFixture;
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
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures the walking skeleton end to end on real infrastructure: gateways publish batches over MQTT 5 to the
 * ingestion service (its own executable jar, in its own JVM), which produces every reading to its class topic before
 * the PUBACK; the telemetry service writes them to PostgreSQL. Prints readings/s to PUBACK, to Kafka and to the store.
 * PostgreSQL runs as durably as the platform promises (fsync and synchronous commit on); {@code nondurable=true} also
 * measures, with a fresh PostgreSQL and telemetry service, with both off, and prints that figure apart.
 *
 * Then it measures gateway identity at the MQTT endpoint ({@link GatewayIdentityBench}): authenticated connects/s and
 * the time from a revocation record to the gateway's disconnect.
 *
 * <p>Arguments (all optional): {@code readings=200000 gateways=4 batch=100 inflight=4 warmup=100000
 * nondurable=false connects=20000 connectors=64 revocations=200}; {@code inflight} may not exceed ingestion's
 * {@code mqtt.server-receive-maximum} (4), which Paho refuses to pass; {@code readings=0}, {@code connects=0} or
 * {@code revocations=0} skips that figure.
 */
public final class WalkingSkeletonBench {

    private static final EventJson JSON = new EventJson();
    private static final String DATABASE = "postgres";

    private WalkingSkeletonBench() {
    }

    public static void main(String[] args) throws Exception {
        var settings = Settings.parse(args);
        var repo = Path.of(System.getProperty("urbanops.repo", ".")).toAbsolutePath().normalize();
        var version = System.getProperty("urbanops.version", "0.1.0-SNAPSHOT");
        System.out.printf("Walking skeleton benchmark: %s%n", settings);
        System.out.printf("Machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        try (var kafka = KafkaBroker.startDedicated()) {
            int mqttPort = FreePorts.next();
            var issuer = "http://localhost:" + FreePorts.next() + "/realms/city";
            try (var ingestion = ServiceProcess.of("ingestion-service", jar(repo, "ingestion-service", version),
                    FreePorts.next(), Map.of(
                            "urbanops.ingestion.mqtt.port", Integer.toString(mqttPort),
                            "urbanops.ingestion.kafka.bootstrap-servers", kafka.bootstrapServers(),
                            "urbanops.ingestion.instance-id", "bench-1",
                            // Room for the revocation figure's connected gateways; readings use a handful.
                            "urbanops.ingestion.mqtt.max-connections", "400",
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer))
                    .withJvmOptions(ServiceProcess.PRODUCTION_LIKE).start(Duration.ofMinutes(2))) {
                var bench = new Run(repo, version, issuer, "tcp://localhost:" + mqttPort, kafka, settings);
                if (settings.readings() > 0) {
                    var durable = bench.measure(Durability.DURABLE);
                    durable.print(settings);
                    if (settings.nondurable()) {
                        bench.measure(Durability.NOT_DURABLE).print(settings);
                    }
                }
                var identity = new GatewayIdentityBench("localhost", mqttPort, kafka.bootstrapServers());
                if (settings.connects() > 0) {
                    identity.measureConnects("id", 1_000, settings.connects(), settings.connectors());
                }
                if (settings.revocations() > 0) {
                    identity.measureRevocations("id", settings.revocations());
                }
            }
        }
    }

    /** One measurement: a PostgreSQL of the given durability and a telemetry service of its own, warmed up first. */
    private record Run(Path repo, String version, String issuer, String serverUri, KafkaBroker kafka,
                       Settings settings) {

        Measured measure(Durability durability) throws Exception {
            try (var postgres = PostgresNode.builder(durability).start();
                 var telemetry = ServiceProcess.of("telemetry-service", jar(repo, "telemetry-service", version),
                         FreePorts.next(), Map.of(
                                 "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                                 "spring.datasource.url", postgres.jdbcUrl(DATABASE),
                                 "spring.datasource.username", PostgresNode.USER,
                                 "spring.datasource.password", PostgresNode.PASSWORD,
                                 "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer))
                         .withJvmOptions(ServiceProcess.PRODUCTION_LIKE).start(Duration.ofMinutes(2))) {
                var store = postgres.dataSource(DATABASE);
                var label = storeSettings(store);
                System.out.printf("%nPostgreSQL %s%n", label);
                System.out.printf("Warm-up: %d readings%n", settings.warmup());
                var warm = publish(serverUri, settings.withReadings(settings.warmup()), "warm-" + durability, kafka,
                        store, 0);
                System.out.printf("Measured run: %d readings%n", settings.readings());
                var result = publish(serverUri, settings, "run-" + durability, kafka, store, warm.storedRows());
                return new Measured(label, result);
            }
        }
    }

    /** A measured run and the store settings it ran with. */
    private record Measured(String store, Result result) {

        void print(Settings settings) {
            System.out.printf("%n== store: PostgreSQL %s%n", store);
            result.print(settings);
        }
    }

    /** What the figures were measured with, read back from the server: durable or not. */
    private static String storeSettings(DataSource store) throws Exception {
        try (var connection = store.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
            rows.next();
            boolean durable = "on".equals(rows.getString(1)) && "on".equals(rows.getString(2));
            return "%s (fsync %s, synchronous_commit %s)".formatted(durable ? "DURABLE" : "NOT DURABLE, comparison only",
                    rows.getString(1), rows.getString(2));
        }
    }

    private static Result publish(String serverUri, Settings settings, String runId, KafkaBroker kafka,
                                  DataSource store, long rowsBefore) throws Exception {
        int batchesPerGateway = Math.max(1, settings.readings() / settings.batch() / settings.gateways());
        long readings = (long) batchesPerGateway * settings.batch() * settings.gateways();
        var refused = new AtomicLong();
        Map<TopicPartition, Long> offsetsBefore;
        try (var admin = kafka.admin()) {
            offsetsBefore = endOffsets(admin);
        }
        var gateways = new ArrayList<MqttTestGateway>();
        try (var registry = RegistryFixture.on(kafka.bootstrapServers())) {
            for (int g = 0; g < settings.gateways(); g++) {
                String gatewayId = "bench-" + runId + "-gw-" + g;
                var provisioned = registry.gateway(gatewayId);
                registry.devices(gatewayId, gatewayId + "-dev", settings.batch(), RegistryFixture.FIXTURE_MEASUREMENTS);
                gateways.add(MqttTestGateway.connect(serverUri, provisioned));
            }
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
        try (var connection = store.getConnection()) {
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
        for (var topic : admin.describeTopics(Topics.CLASS_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            topic.partitions().forEach(partition ->
                    request.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest()));
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

    /** Load shape of one run, and whether to measure a non-durable store too. */
    record Settings(int readings, int gateways, int batch, int inflight, int warmup, boolean nondurable, int connects,
                    int connectors, int revocations) {

        static Settings parse(String[] args) {
            var values = new HashMap<String, Integer>(Map.of("readings", 200_000, "gateways", 4, "batch", 100,
                    "inflight", 4, "warmup", 100_000, "connects", 20_000, "connectors", 64, "revocations", 200));
            boolean nondurable = false;
            for (var arg : args) {
                var pair = arg.split("=", 2);
                if (pair.length == 2 && pair[0].equals("nondurable") && pair[1].matches("true|false")) {
                    nondurable = Boolean.parseBoolean(pair[1]);
                } else if (pair.length == 2 && values.containsKey(pair[0])) {
                    values.put(pair[0], Integer.parseInt(pair[1]));
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg + "; known: " + values.keySet()
                            + " (numbers) and nondurable=true|false");
                }
            }
            return new Settings(values.get("readings"), values.get("gateways"), values.get("batch"),
                    values.get("inflight"), values.get("warmup"), nondurable, values.get("connects"),
                    values.get("connectors"), values.get("revocations"));
        }

        Settings withReadings(int count) {
            return new Settings(count, gateways, batch, inflight, warmup, nondurable, connects, connectors,
                    revocations);
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
