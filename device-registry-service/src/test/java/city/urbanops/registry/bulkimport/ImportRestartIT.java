package city.urbanops.registry.bulkimport;

import static city.urbanops.registry.bulkimport.BulkImportIT.assertCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.registry.support.RegistryServiceIT;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The registry killed ({@code kill -9}, its own process running its own jar) in the middle of a PARTIAL import of
 * 100,000 devices: after the restart the job is run again from its kept file, skips what was committed, and ends with
 * every device created and published exactly once.
 */
class ImportRestartIT extends RegistryServiceIT {

    @Test
    void anImportKilledMidwayIsResumedAfterTheRestartAndEveryDeviceIsPublishedOnce() {
        var database = postgresServer().createDatabase("import_restart_" + Long.toHexString(
                UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        var jdbc = new JdbcTemplate(database.dataSource());
        Map<String, String> properties = Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password(),
                "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", KeycloakServer.shared().issuerUri(),
                "urbanops.registry.import.chunk-size", "1000",
                "urbanops.registry.import.heartbeat", "500ms",
                "urbanops.registry.import.lease", "3s");
        String admin = ImportApi.token("admin");
        String prefix = newId("rs");
        String jobId;
        long committedAtKill;
        try (var registry = ServiceProcess.of("device-registry-service", executableJar(), FreePorts.next(), properties)
                .start(Duration.ofMinutes(3))) {
            var catalog = ImportFixtures.seed(jdbc, newId("rs"));
            byte[] file = ImportFixtures.csv(ImportFixtures.fleet(prefix, 100_000, 1_000, catalog, "environment"));
            jobId = new ImportApi(registry.baseUrl()).upload(admin, "text/csv", ImportMode.PARTIAL, file).jobId();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committed(jdbc, jobId) > 0);

            registry.kill();

            committedAtKill = committed(jdbc, jobId);
            assertThat(committedAtKill).as("rows committed when the registry was killed").isBetween(1L, 99_999L);
            assertThat(jdbc.queryForObject("select status from import_job where id = ?::uuid", String.class, jobId))
                    .isEqualTo("RUNNING");
        }

        try (var restarted = ServiceProcess.of("device-registry-service", executableJar(), FreePorts.next(),
                properties).start(Duration.ofMinutes(3))) {
            JsonNode job = new ImportApi(restarted.baseUrl()).awaitFinished(admin, jobId, Duration.ofMinutes(5));

            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertCounts(job, 100_000, 100_000, 0, 0, 0);
            assertThat(count(jdbc, "select count(*) from device where id like ? and version = 1", prefix))
                    .isEqualTo(100_000);
            assertThat(count(jdbc, "select count(*) from outbox where record_key like ?", prefix)).isEqualTo(100_000);
            assertThat(count(jdbc, "select count(distinct record_key) from outbox where record_key like ?", prefix))
                    .isEqualTo(100_000);
            assertThat(count(jdbc, "select count(*) from device_history where device_id like ?", prefix))
                    .isEqualTo(100_000);
            assertThat(count(jdbc, "select count(*) from import_job_file where job_id::text like ?", jobId))
                    .as("the kept file goes when the job finishes").isZero();
        } finally {
            database.close();
        }
    }

    private static long committed(JdbcTemplate jdbc, String jobId) {
        return jdbc.queryForObject("select rows_committed from import_job where id = ?::uuid", Long.class, jobId);
    }

    private static long count(JdbcTemplate jdbc, String sql, String prefix) {
        return jdbc.queryForObject(sql, Long.class, prefix + "%");
    }

    private static Path executableJar() {
        try (var jars = Files.list(Path.of("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("device-registry-service-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no executable jar in target/: run "
                            + "`./mvnw package` (verify does) first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
