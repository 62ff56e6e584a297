package city.urbanops.registry.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.RegistryServiceIT;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Files that cannot be an import — a wrong encoding, garbage, an unknown column, too large — are refused with a
 * problem naming what is wrong, and change nothing: no job, no device, no outbox record.
 */
class ImportUploadRefusalIT extends RegistryServiceIT {

    private static final int TEN_MEGABYTES = 10 * 1024 * 1024;

    @Autowired
    private JdbcTemplate jdbc;

    private ImportApi api;
    private ImportFixtures.Catalog catalog;
    private String admin;
    private List<Long> before;

    @BeforeEach
    void seed() {
        api = new ImportApi(baseUrl());
        catalog = ImportFixtures.seed(jdbc, newId("ur"));
        admin = ImportApi.token("admin");
        before = state();
    }

    @Test
    void aCsvThatIsNotUtf8IsRefusedNamingWhereAndChangesNothing() {
        byte[] latin1 = ImportFixtures.csv(List.of(ImportFixtures.gateway(newId("gw"), catalog, "environment")
                .set("externalId", "Zürich-Süd")));
        byte[] file = new String(latin1, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);

        var answer = api.upload(admin, "text/csv", ImportMode.PARTIAL, file);

        assertRefused(answer, 400, "invalid-import-file", "file", "is not valid UTF-8");
        assertThat(problemReason(answer)).contains("(line 2)");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void tenMegabytesOfRandomBytesAreRefusedAsCsvAndAsJsonAndChangeNothing() {
        byte[] garbage = new byte[TEN_MEGABYTES];
        new Random(7).nextBytes(garbage);

        assertRefused(api.upload(admin, "text/csv", ImportMode.PARTIAL, garbage), 400, "invalid-import-file", "file",
                "is not valid UTF-8");
        assertRefused(api.upload(admin, "application/json", ImportMode.PARTIAL, garbage), 400,
                "invalid-import-file", "file", "is not valid UTF-8");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void tenMegabytesOfPrintableGarbageAreRefusedAtTheHeaderOrFailTheJobAndChangeNothing() {
        var random = new Random(11);
        var text = new StringBuilder(TEN_MEGABYTES);
        while (text.length() < TEN_MEGABYTES) {
            text.append((char) ('a' + random.nextInt(26))).append(random.nextInt(40) == 0 ? "\n" : "")
                    .append(random.nextInt(9) == 0 ? "," : "");
        }
        byte[] printable = text.toString().getBytes(StandardCharsets.UTF_8);

        assertRefused(api.upload(admin, "text/csv", ImportMode.PARTIAL, printable), 400, "invalid-import-file", null,
                "is not a known column (line 1)");
        assertRefused(api.upload(admin, "application/json", ImportMode.PARTIAL, printable), 400,
                "invalid-import-file", "file", "is not a JSON array");
        assertThat(state()).isEqualTo(before);

        byte[] brokenArray = ("[{\"deviceId\": \"x\"}, " + text).getBytes(StandardCharsets.UTF_8);
        var accepted = api.upload(admin, "application/json", ImportMode.PARTIAL, brokenArray);
        JsonNode job = api.awaitFinished(admin, accepted.jobId(), Duration.ofMinutes(1));

        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("failureReason").asString()).startsWith("the JSON is malformed at line 1")
                .endsWith("nothing was written");
        assertThat(state().subList(1, 3)).isEqualTo(before.subList(1, 3));
    }

    @Test
    void anUnknownOrMissingColumnIsRefusedNamingIt() {
        byte[] unknown = "deviceId,deviceType,department,district,colour\nd-1,t,environment,n,red\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] missing = "deviceId,deviceType,department\nd-1,t,environment\n".getBytes(StandardCharsets.UTF_8);

        assertRefused(api.upload(admin, "text/csv", ImportMode.PARTIAL, unknown), 400, "invalid-import-file",
                "colour", "is not a known column (line 1); known columns: deviceId, externalId");
        assertRefused(api.upload(admin, "text/csv", ImportMode.PARTIAL, missing), 400, "invalid-import-file",
                "district", "is a required column missing from the header");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aFileOverTheUploadLimitIsRefusedWith413BeforeItsBodyIsSent() {
        byte[] tooLarge = new byte[64 * 1024 * 1024 + 1];

        assertRefused(api.uploadExpectingContinue(admin, "text/csv", tooLarge), 413, "import-too-large", "file",
                "is larger than the limit of 67108864 bytes");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void anotherFormatOrCharsetIsRefusedWith415() {
        byte[] file = "deviceId\n".getBytes(StandardCharsets.UTF_8);

        assertRefused(api.upload(admin, "application/xml", ImportMode.PARTIAL, file), 415,
                "unsupported-import-format", "Content-Type", "send text/csv or application/json");
        assertRefused(api.upload(admin, "text/csv; charset=ISO-8859-1", ImportMode.PARTIAL, file), 415,
                "unsupported-import-format", "Content-Type", "imports are UTF-8 only");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void whenTheQueueIsFullAnUploadIsRefusedWith429AndARetryAfter() {
        // Jobs another runner holds, alive for the next hour: no worker here may take them.
        List<UUID> held = new ArrayList<>();
        Instant later = Instant.now().plusSeconds(3600);
        for (int i = 0; i < 4; i++) {
            UUID id = UUID.randomUUID();
            jdbc.update("insert into import_job (id, created_by, scope_departments, scope_districts, mode, format, "
                    + "status, file_bytes, submitted_at, heartbeat_at) values (?, 'someone', '{*}', '{*}', 'PARTIAL', "
                    + "'CSV', 'RUNNING', 1, now(), ?)", id, Timestamp.from(later));
            held.add(id);
        }
        try {
            byte[] file = ImportFixtures.csv(List.of(ImportFixtures.gateway(newId("gw"), catalog, "environment")));
            var answer = api.upload(admin, "text/csv", ImportMode.PARTIAL, file);

            assertRefused(answer, 429, "import-capacity-exhausted", "file", "imports are queued or running already");
            assertThat(answer.retryAfter()).isEqualTo("30");
            assertThat(state().subList(1, 3)).isEqualTo(before.subList(1, 3));
        } finally {
            held.forEach(id -> jdbc.update("delete from import_job where id = ?", id));
        }
    }

    private static void assertRefused(ImportApi.Answer answer, int status, String type, String field,
            String reason) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("type").asString()).isEqualTo("https://urbanops.city/problems/" + type);
        JsonNode error = answer.body().get("errors").get(0);
        if (field != null) {
            assertThat(error.get("field").asString()).isEqualTo(field);
        }
        assertThat(error.get("reason").asString()).contains(reason);
    }

    private static String problemReason(ImportApi.Answer answer) {
        return answer.body().get("errors").get(0).get("reason").asString();
    }

    /** Jobs, devices and outbox records: what a refused upload must not change. */
    private List<Long> state() {
        return List.of(jdbc.queryForObject("select count(*) from import_job", Long.class),
                jdbc.queryForObject("select count(*) from device", Long.class),
                jdbc.queryForObject("select count(*) from outbox", Long.class));
    }
}
