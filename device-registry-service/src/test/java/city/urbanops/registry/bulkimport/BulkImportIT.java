package city.urbanops.registry.bulkimport;

import static city.urbanops.registry.bulkimport.ImportFixtures.ENVIRONMENT;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.device.DeviceRecords;
import city.urbanops.registry.support.RegistryServiceIT;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Bulk import at the size the city needs (100,000 devices in one file) in both modes, and its idempotency: the same
 * file twice changes nothing, a changed attribute publishes exactly one new version.
 */
class BulkImportIT extends RegistryServiceIT {

    private static final Duration LONG_IMPORT = Duration.ofMinutes(4);
    private static final EventJson JSON = new EventJson();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private DeviceRecords records;

    private ImportApi api;
    private ImportFixtures.Catalog catalog;
    private String prefix;
    private String admin;

    @BeforeEach
    void seed() {
        api = new ImportApi(baseUrl());
        catalog = ImportFixtures.seed(jdbc, newId("bi"));
        prefix = newId("dev");
        admin = ImportApi.token("admin");
    }

    @Test
    void aHundredThousandRowsArePublishedOnceEachAndTheSameFileAgainChangesNothing() {
        byte[] file = ImportFixtures.csv(ImportFixtures.fleet(prefix, 100_000, 1_000, catalog, ENVIRONMENT));

        var accepted = api.upload(admin, "text/csv", ImportMode.PARTIAL, file);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.location()).isEqualTo("/api/v1/imports/" + accepted.jobId());
        JsonNode first = api.awaitFinished(admin, accepted.jobId(), LONG_IMPORT);

        assertThat(first.get("status").asString()).isEqualTo("SUCCEEDED");
        assertCounts(first, 100_000, 100_000, 0, 0, 0);
        assertThat(count("select count(*) from device where id like ? and version = 1")).isEqualTo(100_000);
        assertThat(count("select count(*) from outbox where record_key like ? and event_type = 'DEVICE'"))
                .isEqualTo(100_000);
        assertThat(count("select count(distinct record_key) from outbox where record_key like ?")).isEqualTo(100_000);
        assertThat(jdbc.queryForObject("select count(*) from device_history where device_id like ? and action = "
                + "'CREATED' and actor = 'admin' and reason = ?", Long.class, prefix + "%",
                "bulk import " + accepted.jobId())).isEqualTo(100_000);
        DeviceRecord sensor = published(prefix + "-s-7", 1);
        assertThat(sensor.gatewayId()).isEqualTo(prefix + "-gw-7");
        assertThat(sensor.measurements()).containsExactly("pm10", "pm2_5");
        assertThat(sensor.siteId()).isEqualTo(catalog.site());

        var again = api.upload(admin, "text/csv", ImportMode.PARTIAL, file);
        JsonNode second = api.awaitFinished(admin, again.jobId(), LONG_IMPORT);

        assertThat(second.get("status").asString()).isEqualTo("SUCCEEDED");
        assertCounts(second, 100_000, 0, 0, 100_000, 0);
        assertThat(count("select count(*) from outbox where record_key like ?")).isEqualTo(100_000);
        assertThat(count("select count(*) from device where id like ? and version <> 1")).isZero();
        assertThat(count("select count(*) from device_history where device_id like ?")).isEqualTo(100_000);
    }

    @Test
    void aHundredThousandRowsWithSomeBadOnesInAllOrNothingModeWriteNothingAndReportEachBadRow() {
        List<ImportFixtures.Row> rows = ImportFixtures.fleet(prefix, 100_000, 500, catalog, ENVIRONMENT);
        rows.get(700).set("deviceType", "no-such-type");
        rows.get(70_000).set("latitude", 95.5);
        rows.get(99_999).set("externalId", rows.get(99_998).get("externalId"));

        var accepted = api.upload(admin, "application/json", ImportMode.ALL_OR_NOTHING, ImportFixtures.json(rows));
        JsonNode job = api.awaitFinished(admin, accepted.jobId(), LONG_IMPORT);

        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("failureReason").asString()).contains("4 of 100000 rows are bad", "nothing was written");
        assertCounts(job, 100_000, 0, 0, 0, 4);
        assertThat(api.allErrors(admin, accepted.jobId())).extracting(e -> e.get("line").asLong() + " "
                + e.get("field").asString() + " " + e.get("reason").asString()).containsExactly(
                "700 deviceType 'no-such-type' is not a known device type",
                "70000 latitude '95.5' is out of range (-90 to 90)",
                "99998 externalId '" + rows.get(99_998).get("externalId")
                        + "' appears more than once in the file (lines 99998, 99999)",
                "99999 externalId '" + rows.get(99_998).get("externalId")
                        + "' appears more than once in the file (lines 99998, 99999)");
        assertThat(count("select count(*) from device where id like ?")).isZero();
        assertThat(count("select count(*) from outbox where record_key like ?")).isZero();
    }

    @Test
    void aChangedAttributeBumpsTheVersionAndPublishesExactlyOneNewRecord() {
        List<ImportFixtures.Row> rows = ImportFixtures.fleet(prefix, 3, 1, catalog, ENVIRONMENT);
        api.awaitFinished(admin, api.upload(admin, "text/csv", ImportMode.PARTIAL, ImportFixtures.csv(rows)).jobId(),
                LONG_IMPORT);
        rows.get(1).set("latitude", "47.36").set("siteId", null);

        var changed = api.upload(admin, "text/csv", ImportMode.ALL_OR_NOTHING, ImportFixtures.csv(rows));
        JsonNode job = api.awaitFinished(admin, changed.jobId(), LONG_IMPORT);

        assertCounts(job, 3, 0, 1, 2, 0);
        DeviceRecord record = published(prefix + "-s-0", 2);
        assertThat(record.latitude()).isEqualTo(47.36);
        assertThat(record.siteId()).isNull();
        assertThat(record.lifecycle().name()).isEqualTo("PROVISIONED");
        // The import builds its records in memory; they must say what the registry's own mapper reads back.
        for (DeviceRecord queued : List.of(record, published(prefix + "-s-1", 1))) {
            assertThat(queued).usingRecursiveComparison().ignoringFields("updatedAt")
                    .isEqualTo(records.deviceRecord(queued.deviceId()));
        }
        assertThat(jdbc.queryForObject("select version from device where id = ?", Long.class, prefix + "-s-0"))
                .isEqualTo(2);
        assertThat(count("select count(*) from outbox where record_key like ?")).isEqualTo(4);
        assertThat(jdbc.queryForObject("select action || ' ' || reason from device_history where device_id = ? and "
                + "version = 2", String.class, prefix + "-s-0")).isEqualTo("UPDATED bulk import " + changed.jobId());
    }

    private DeviceRecord published(String deviceId, long version) {
        byte[] value = jdbc.queryForObject("select value from outbox where event_id = ?", byte[].class,
                deviceId + "/" + version);
        return JSON.read(value, DeviceRecord.class);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class, prefix + "%");
    }

    static void assertCounts(JsonNode job, long rows, long created, long updated, long unchanged, long rejected) {
        JsonNode counts = job.get("counts");
        assertThat(List.of(counts.get("rows").asLong(), counts.get("created").asLong(), counts.get("updated").asLong(),
                counts.get("unchanged").asLong(), counts.get("rejected").asLong()))
                .as("rows, created, updated, unchanged, rejected of %s", job)
                .containsExactly(rows, created, updated, unchanged, rejected);
    }
}
