package city.urbanops.bench;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.launchers.postgres.PostgresNode;
import city.urbanops.launchers.postgres.PostgresNode.Durability;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures rules-service on real infrastructure: a Kafka broker and a PostgreSQL of its own, the ingestion and rules
 * services from their executable jars in their own JVMs (full JIT), a city of devices and rules provisioned as the
 * registry and rule management would ({@link RulesCity}), and gateways publishing over MQTT 5. Prints:
 *
 * <ol>
 *   <li>readings evaluated/s: gateways publish {@code readings} as fast as the edge acknowledges them; the figure is
 *       readings/s until rules-service's own counter {@code urbanops_rules_readings_total{outcome="evaluated"}} grew
 *       by as many, next to the same run's MQTT → PUBACK rate (what the platform takes in);</li>
 *   <li>publish → alert latency at a steady {@code rate} ({@link AlertLatencyRun}), once per commit interval given in
 *       {@code commits} (milliseconds; rules-service commits its exactly-once transactions that often, and a
 *       {@code read_committed} consumer sees an alert only after the commit).</li>
 * </ol>
 *
 * <p>Arguments (all optional): {@code readings=200000 warmup=50000 devices=10000 gateways=20 rules=1000 batch=100
 * inflight=4 rate=10000 triggers=20 warmupSeconds=15 seconds=60 commits=50}; {@code readings=0} or
 * {@code seconds=0} skips that figure. A second commit interval ({@code commits=50,100}) restarts rules-service with
 * it (a fresh application that starts at the latest readings) and measures the latency again.
 */
public final class RulesBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final EventJson JSON = new EventJson();
    private static final String DATABASE = "rules";
    /** Waiting for evaluation gives up when the counter has not moved for this long. */
    private static final Duration STALL = Duration.ofSeconds(45);

    private RulesBench() {
    }

    public static void main(String[] args) throws Exception {
        var settings = RulesBenchSettings.parse(args);
        var repo = Path.of(System.getProperty("urbanops.repo", ".")).toAbsolutePath().normalize();
        var version = System.getProperty("urbanops.version", "0.1.0-SNAPSHOT");
        var city = RulesCity.plan("rb", settings.get("devices"), settings.get("gateways"), settings.get("rules"));
        System.out.printf("Rules benchmark: %s commits=%s (ms)%n", settings.values(), settings.commits());
        System.out.printf("Machine: %d cores, JDK %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());
        System.out.printf("City: %s%n", city.describe());

        try (var kafka = KafkaBroker.startDedicated();
             var postgres = PostgresNode.builder(Durability.DURABLE).start()) {
            postgres.createDatabaseIfMissing(DATABASE);
            var provisioned = city.provision(kafka.bootstrapServers());
            int mqttPort = FreePorts.next();
            var issuer = "http://localhost:" + FreePorts.next() + "/realms/city";
            var services = new Services(repo, version, kafka, postgres, issuer);
            try (var ingestion = ServiceProcess.of("ingestion-service", services.jar("ingestion-service"),
                    FreePorts.next(), Map.of(
                            "urbanops.ingestion.mqtt.port", Integer.toString(mqttPort),
                            "urbanops.ingestion.kafka.bootstrap-servers", kafka.bootstrapServers(),
                            "urbanops.ingestion.instance-id", "bench-rules-1",
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer))
                    .withJvmOptions(ServiceProcess.PRODUCTION_LIKE).start(Duration.ofMinutes(2))) {
                var rules = services.rules(settings.commits().getFirst(), "EARLIEST");
                var gateways = new ArrayList<MqttTestGateway>();
                try {
                    for (var gateway : provisioned) {
                        gateways.add(MqttTestGateway.connect("tcp://localhost:" + mqttPort, gateway));
                    }
                    var uplinks = city.gateways().stream().map(RulesCity.Uplink::new).toList();
                    if (settings.get("readings") > 0) {
                        if (settings.get("warmup") > 0) {
                            System.out.printf("%nWarm-up: %,d readings%n", settings.get("warmup"));
                            throughput(gateways, uplinks, settings, settings.get("warmup"), rules).print("warm-up");
                        }
                        System.out.printf("%nMeasured run: %,d readings%n", settings.get("readings"));
                        throughput(gateways, uplinks, settings, settings.get("readings"), rules).print("measured");
                    }
                    if (settings.get("seconds") > 0) {
                        for (int i = 0; i < settings.commits().size(); i++) {
                            int commit = settings.commits().get(i);
                            if (i > 0) {
                                rules.close();
                                rules = services.rules(commit, "LATEST");
                            }
                            var service = rules;
                            var result = new AlertLatencyRun(kafka.bootstrapServers(), gateways, uplinks,
                                    () -> evaluated(service)).run(settings.latencyPlan());
                            result.print("rules-service commit interval %d ms%s".formatted(commit,
                                    i == 0 ? "" : " (comparison: a fresh rules-service, started at the latest readings)"));
                            printServiceLatency(rules);
                        }
                    }
                    System.out.printf("%nLoad average at the end: %s%n", loadAverage());
                } finally {
                    gateways.forEach(MqttTestGateway::close);
                    rules.close();
                    services.deleteStateDirectories();
                }
            }
        }
    }

    /** What the services need to start: where their jars are and the infrastructure they use. */
    private record Services(Path repo, String version, KafkaBroker kafka, PostgresNode postgres, String issuer,
                            List<Path> stateDirectories) {

        Services(Path repo, String version, KafkaBroker kafka, PostgresNode postgres, String issuer) {
            this(repo, version, kafka, postgres, issuer, new ArrayList<>());
        }

        /** Removes the rules-services' state (RocksDB stores); call once they stopped. */
        void deleteStateDirectories() {
            for (var directory : stateDirectories) {
                try (var paths = Files.walk(directory)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException ignored) {
                    // A temporary directory left behind is harmless.
                }
            }
        }

        Path jar(String module) {
            return repo.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
        }

        /** A rules-service of its own application id and state directory, committing every {@code commitMs}. */
        ServiceProcess rules(int commitMs, String readingsStart) throws IOException {
            var stateDir = Files.createTempDirectory("urbanops-rules-bench-state-");
            stateDirectories.add(stateDir);
            var properties = new LinkedHashMap<String, String>();
            properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
            properties.put("spring.datasource.url", postgres.jdbcUrl(DATABASE));
            properties.put("spring.datasource.username", PostgresNode.USER);
            properties.put("spring.datasource.password", PostgresNode.PASSWORD);
            properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
            properties.put("urbanops.rules.application-id", "rules-bench-" + System.currentTimeMillis());
            properties.put("urbanops.rules.readings-start", readingsStart);
            properties.put("urbanops.rules.state-dir", stateDir.toString());
            properties.put("urbanops.rules.commit-interval", Duration.ofMillis(commitMs).toString());
            // -Durbanops.bench.rules-properties="urbanops.rules.stream-threads=2 urbanops.rules.state-store=ROCKSDB"
            // compares rules-service's own settings; the line "rules-service started" prints them.
            var overrides = new LinkedHashMap<String, String>();
            for (String pair : System.getProperty("urbanops.bench.rules-properties", "").strip().split("\\s+")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    overrides.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
            properties.putAll(overrides);
            var jvm = new java.util.ArrayList<>(ServiceProcess.PRODUCTION_LIKE);
            // -Durbanops.bench.rules-jvm="-XX:+UseZGC" compares JVM settings of rules-service (e.g. its collector).
            String extra = System.getProperty("urbanops.bench.rules-jvm", "").strip();
            if (!extra.isEmpty()) {
                jvm.addAll(java.util.Arrays.asList(extra.split("\\s+")));
            }
            var process = ServiceProcess.of("rules-service", jar("rules-service"), FreePorts.next(), properties)
                    .withJvmOptions(jvm).start(Duration.ofMinutes(3));
            System.out.printf("%nrules-service started (JVM %s, commit interval %d ms, readings from %s%s; log %s)%n",
                    jvm, commitMs, readingsStart, overrides.isEmpty() ? "" : ", " + overrides, process.log());
            return process;
        }
    }

    /**
     * Publishes {@code count} readings as fast as the edge acknowledges them (each gateway with {@code inflight}
     * PUBLISHes outstanding), then waits until rules-service counted as many more readings evaluated as the edge
     * accepted: a batch refused (an error PUBACK, or the client failing to send it) is not sent again, because a
     * resent reading the edge had partly put on Kafka before refusing reaches rules-service twice and its copy is not
     * evaluated, which would leave the count short forever.
     */
    private static Throughput throughput(List<MqttTestGateway> gateways, List<RulesCity.Uplink> uplinks,
                                         RulesBenchSettings settings, int count, ServiceProcess rules) throws Exception {
        int batch = settings.get("batch");
        int inflight = settings.get("inflight");
        int batchesPerGateway = Math.max(1, count / batch / gateways.size());
        long readings = (long) batchesPerGateway * batch * gateways.size();
        var refused = new java.util.concurrent.ConcurrentHashMap<String, AtomicLong>();
        var rejected = new AtomicLong();
        var accepted = new AtomicLong();
        double before = evaluated(rules);
        double ignoredBefore = ignored(rules);
        long start = System.nanoTime();
        var senders = new ArrayList<Thread>();
        for (int g = 0; g < gateways.size(); g++) {
            var gateway = gateways.get(g);
            var uplink = uplinks.get(g);
            senders.add(Thread.ofPlatform().name("fast-" + gateway.gatewayId()).start(() -> {
                var window = new Semaphore(inflight);
                var topic = MqttTopics.uplink(gateway.gatewayId());
                for (int b = 0; b < batchesPerGateway; b++) {
                    var payload = JSON.write(uplink.next(batch, Instant.now().truncatedTo(ChronoUnit.MILLIS), -1)
                            .uplink());
                    window.acquireUninterruptibly();
                    gateway.publishAsync(topic, payload).whenComplete((outcome, failure) -> {
                        long notTaken = outcome == null ? 0
                                : Long.parseLong(outcome.userProperties().getOrDefault("urbanops.rejected", "0"));
                        rejected.addAndGet(notTaken);
                        if (failure != null || !outcome.delivered()) {
                            refused.computeIfAbsent(failure != null ? "client: " + failure.getMessage()
                                    : "PUBACK 0x%02x".formatted(outcome.reasonCode()), why -> new AtomicLong())
                                    .incrementAndGet();
                        } else {
                            accepted.addAndGet(batch - notTaken);
                        }
                        // Last: the sender counts its batches done by the window, so they must be counted by then.
                        window.release();
                    });
                }
                window.acquireUninterruptibly(inflight);
            }));
        }
        for (var sender : senders) {
            sender.join();
        }
        long acked = System.nanoTime();
        long target = accepted.get();
        double seen = before;
        long lastProgress = System.nanoTime();
        while (seen - before < target && System.nanoTime() - lastProgress < STALL.toNanos()) {
            TimeUnit.MILLISECONDS.sleep(100);
            double now = evaluated(rules);
            if (now > seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
        }
        long evaluatedAt = seen - before >= target ? lastProgress : -1;
        var refusals = new java.util.TreeMap<String, Long>();
        refused.forEach((why, times) -> refusals.put(why, times.get()));
        return new Throughput(readings, batch, gateways.size(), refusals, rejected.get(), target, acked - start,
                evaluatedAt < 0 ? -1 : evaluatedAt - start, (long) (seen - before),
                (long) (ignored(rules) - ignoredBefore));
    }

    /** Figures of one fast run; times in nanoseconds from the first PUBLISH, -1 when evaluation stalled. */
    private record Throughput(long readings, int batch, int gateways, Map<String, Long> refusedBatches,
                              long rejectedReadings, long accepted, long ackedNanos, long evaluatedNanos,
                              long evaluated, long ignored) {

        void print(String label) {
            System.out.printf("%n== %s: %,d readings in batches of %d over %d MQTT connections%n", label, readings,
                    batch, gateways);
            System.out.printf("batches refused / readings rejected  %s / %d%s%n",
                    refusedBatches.isEmpty() ? "0" : refusedBatches, rejectedReadings, accepted == readings ? ""
                            : "; evaluation is awaited for the %,d readings the edge accepted".formatted(accepted));
            System.out.printf("MQTT -> PUBACK (on Kafka)            %,.0f readings/s (%.2f s)%n",
                    readings / (ackedNanos / 1e9), ackedNanos / 1e9);
            if (evaluatedNanos < 0) {
                System.out.printf("MQTT -> evaluated by rules-service   NOT ALL: %,d of %,d evaluated, %,d ignored; the "
                        + "counter did not move for %d s%n", evaluated, accepted, ignored, STALL.toSeconds());
            } else {
                double rate = accepted / (evaluatedNanos / 1e9);
                System.out.printf("MQTT -> evaluated by rules-service   %,.0f readings/s (%.2f s), %.0f %% of the "
                        + "PUBACK rate%n", rate, evaluatedNanos / 1e9, 100 * rate / (readings / (ackedNanos / 1e9)));
            }
        }
    }

    /** rules-service's count of readings evaluated, from its Prometheus endpoint. */
    private static double evaluated(ServiceProcess rules) throws Exception {
        var metrics = Prometheus.scrape(rules.baseUrl(), "urbanops_rules_readings");
        if (metrics.count("urbanops_rules_readings_total", "outcome=\"evaluated\"") == 0) {
            throw new IllegalStateException("rules-service exposes no urbanops_rules_readings_total{outcome=\"evaluated\"}"
                    + " on /actuator/prometheus: nothing to measure evaluation by");
        }
        return metrics.sum("urbanops_rules_readings_total", "outcome=\"evaluated\"");
    }

    /** Readings rules-service left out (unknown device, not after the device's last reading), by any reason. */
    private static double ignored(ServiceProcess rules) throws Exception {
        return Prometheus.scrape(rules.baseUrl(), "urbanops_rules_readings_ignored")
                .sum("urbanops_rules_readings_ignored_total", "");
    }

    /** The service's own view: from a reading's record on Kafka to its alert leaving triage (recent window). */
    private static void printServiceLatency(ServiceProcess rules) throws Exception {
        var metrics = Prometheus.scrape(rules.baseUrl(), "urbanops_rules_evaluation_latency_seconds");
        double p50 = metrics.sum("urbanops_rules_evaluation_latency_seconds", "quantile=\"0.5\"");
        double p99 = metrics.sum("urbanops_rules_evaluation_latency_seconds", "quantile=\"0.99\"");
        double count = metrics.sum("urbanops_rules_evaluation_latency_seconds_count", "");
        System.out.printf("rules-service's own evaluation latency (record on Kafka -> alert leaving triage, its "
                + "recent window): p50 %.1f ms, p99 %.1f ms over %,.0f alerts%n", p50 * 1e3, p99 * 1e3, count);
    }

    /**
     * One scrape of a Prometheus text endpoint, of the metric family {@code name} only: the whole exposition holds
     * every Kafka client metric of the streams application, and writing it ten times a second took a third as much
     * CPU as the stream thread it measures.
     */
    private record Prometheus(List<String> lines) {

        static Prometheus scrape(String baseUrl, String name) throws Exception {
            // A counter's family is named without _total; both spellings, since exposition libraries differ.
            var query = "?includedNames=" + name + "&includedNames=" + name + "_total";
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus" + query))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /actuator/prometheus answered " + response.statusCode());
            }
            return new Prometheus(response.body().lines().filter(line -> !line.startsWith("#")).toList());
        }

        /** Sum of the samples of {@code name} whose labels contain {@code label}; 0 when there is none. */
        double sum(String name, String label) {
            return samples(name, label).mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }

        long count(String name, String label) {
            return samples(name, label).count();
        }

        private java.util.stream.Stream<String> samples(String name, String label) {
            return lines.stream()
                    .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                    .filter(line -> line.substring(0, line.lastIndexOf(' ')).contains(label));
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }
}
