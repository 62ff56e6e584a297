package city.urbanops.bench;

import city.urbanops.events.codec.EventJson;
import city.urbanops.launchers.postgres.PostgresNode;
import city.urbanops.launchers.postgres.PostgresNode.Durability;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * Measures the device registry's bulk import on real infrastructure: the registry from its own executable jar (full
 * JIT), a durable PostgreSQL (fsync and synchronous commit on), Kafka, and Keycloak for the admin's token. After a
 * warm-up import it uploads a CSV of {@code rows} new devices (one gateway per {@code perGateway} devices) and prints
 * devices/s from the upload's first byte to the job's SUCCEEDED, then the same file again (nothing changes).
 *
 * <p>Arguments (all optional): {@code rows=100000 warmup=20000 perGateway=100 chunk=5000}.
 */
public final class RegistryImportBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final EventJson JSON = new EventJson();
    private static final String DATABASE = "postgres";

    private RegistryImportBench() {
    }

    public static void main(String[] args) throws Exception {
        var settings = parse(args);
        var repo = Path.of(System.getProperty("urbanops.repo", ".")).toAbsolutePath().normalize();
        var version = System.getProperty("urbanops.version", "0.1.0-SNAPSHOT");
        System.out.printf("Registry bulk import benchmark: %s%n", settings);
        System.out.printf("Machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try (var kafka = KafkaBroker.startDedicated();
             var postgres = PostgresNode.builder(Durability.DURABLE).start();
             var keycloak = KeycloakServer.start(repo.resolve(
                     "platform-security/src/main/resources/keycloak/city-realm.json"));
             var registry = ServiceProcess.of("device-registry-service", repo.resolve(
                     "device-registry-service/target/device-registry-service-" + version + "-exec.jar"),
                     FreePorts.next(), Map.of(
                             "spring.datasource.url", postgres.jdbcUrl(DATABASE),
                             "spring.datasource.username", PostgresNode.USER,
                             "spring.datasource.password", PostgresNode.PASSWORD,
                             "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                             "spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri(),
                             "urbanops.registry.import.chunk-size", Integer.toString(settings.get("chunk"))))
                     .withJvmOptions(ServiceProcess.PRODUCTION_LIKE).start(Duration.ofMinutes(3))) {
            DataSource store = postgres.dataSource(DATABASE);
            System.out.printf("PostgreSQL %s%n", durability(store));
            seedCatalogue(store);
            String token = keycloak.passwordToken("admin", "admin");
            int perGateway = settings.get("perGateway");
            run(registry.baseUrl(), token, "warm-up", csv("warm", settings.get("warmup"), perGateway));
            byte[] file = csv("bench", settings.get("rows"), perGateway);
            run(registry.baseUrl(), token, "new devices", file);
            run(registry.baseUrl(), token, "same file again (unchanged)", file);
        }
    }

    private static void run(String baseUrl, String token, String label, byte[] file) throws Exception {
        long start = System.nanoTime();
        var posted = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/imports?mode=ALL_OR_NOTHING"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("upload refused: " + posted.statusCode() + " "
                    + new String(posted.body(), StandardCharsets.UTF_8));
        }
        String location = posted.headers().firstValue("Location").orElseThrow();
        JsonNode job;
        do {
            TimeUnit.MILLISECONDS.sleep(50);
            job = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + location))
                    .header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
        } while (job.get("status").asString().matches("QUEUED|RUNNING"));
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode counts = job.get("counts");
        double run = Duration.between(Instant.parse(job.get("startedAt").asString()),
                Instant.parse(job.get("finishedAt").asString())).toMillis() / 1e3;
        long rows = counts.get("rows").asLong();
        System.out.printf("%n%s: %s, %,d rows (%,d created, %,d updated, %,d unchanged, %,d rejected), %.1f MB%n",
                label, job.get("status").asString(), rows, counts.get("created").asLong(),
                counts.get("updated").asLong(), counts.get("unchanged").asLong(), counts.get("rejected").asLong(),
                file.length / 1e6);
        System.out.printf("  upload -> SUCCEEDED   %,.0f devices/s (%.2f s)%n", rows / seconds, seconds);
        System.out.printf("  job run (read, check, write) %,.0f devices/s (%.2f s)%n", rows / run, run);
    }

    private static byte[] csv(String prefix, int rows, int perGateway) {
        var out = new StringBuilder(rows * 150);
        out.append("deviceId,externalId,kind,deviceType,gatewayId,department,district,siteId,latitude,longitude,"
                + "lifecycle\n");
        int gateways = Math.max(1, rows / perGateway);
        for (int g = 0; g < gateways; g++) {
            out.append(prefix).append("-gw-").append(g).append(",ext-").append(prefix).append("-gw-").append(g)
                    .append(",GATEWAY,bench-gateway,,environment,bench-north,,,,ACTIVE\n");
        }
        for (int s = 0; s < rows - gateways; s++) {
            out.append(prefix).append("-s-").append(s).append(",ext-").append(prefix).append("-s-").append(s)
                    .append(",SENSOR,bench-air-quality,").append(prefix).append("-gw-").append(s % gateways)
                    .append(",environment,bench-north,bench-site,").append(47 + (s % 1000) / 10_000.0).append(',')
                    .append(8 + (s % 997) / 10_000.0).append(",ACTIVE\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void seedCatalogue(DataSource store) throws Exception {
        try (var connection = store.getConnection(); var statement = connection.createStatement()) {
            statement.execute("""
                    insert into department (id, name) values ('environment', 'Environment') on conflict do nothing;
                    insert into district (id, name, boundary) values ('bench-north', 'North', '{"type": "Polygon",
                        "coordinates": [[[8.0, 47.0], [8.2, 47.0], [8.2, 47.2], [8.0, 47.0]]]}') on conflict do nothing;
                    insert into site (id, name, district_id) values ('bench-site', 'Site', 'bench-north')
                        on conflict do nothing;
                    insert into device_type (id, kind) values ('bench-air-quality', 'SENSOR'),
                        ('bench-gateway', 'GATEWAY') on conflict do nothing;
                    insert into device_type_measurement values ('bench-air-quality', 'pm2_5'),
                        ('bench-air-quality', 'pm10') on conflict do nothing""");
        }
    }

    private static String durability(DataSource store) throws Exception {
        try (var connection = store.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')")) {
            rows.next();
            return "fsync " + rows.getString(1) + ", synchronous_commit " + rows.getString(2);
        }
    }

    private static Map<String, Integer> parse(String[] args) {
        var values = new HashMap<String, Integer>(Map.of("rows", 100_000, "warmup", 20_000, "perGateway", 100,
                "chunk", 5_000));
        for (var arg : args) {
            var pair = arg.split("=", 2);
            if (pair.length != 2 || !values.containsKey(pair[0]) || !pair[1].matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + values.keySet()
                        + " (positive numbers)");
            }
            values.put(pair[0], Integer.parseInt(pair[1]));
        }
        return values;
    }
}
