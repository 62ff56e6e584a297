package city.urbanops.registry.bulkimport;

import static city.urbanops.registry.bulkimport.BulkImportIT.assertCounts;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.RegistryServiceIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Every kind of bad row is reported with its line, field and reason, and only the good rows are written. */
class ImportRowValidationIT extends RegistryServiceIT {

    private static final Duration IMPORT = Duration.ofMinutes(1);

    @Autowired
    private JdbcTemplate jdbc;

    private ImportApi api;
    private ImportFixtures.Catalog c;
    private String p;
    private String admin;

    @BeforeEach
    void seed() {
        api = new ImportApi(baseUrl());
        c = ImportFixtures.seed(jdbc, newId("rv"));
        p = newId("rv");
        admin = ImportApi.token("admin");
    }

    @Test
    void everyKindOfBadRowIsReportedWithItsLineFieldAndReasonWhileTheGoodRowsAreWritten() {
        var existing = List.of(ImportFixtures.gateway(p + "-old-gw", c, "environment"),
                ImportFixtures.sensor(p + "-old-s", p + "-old-gw", c, "environment"));
        api.awaitFinished(admin, api.upload(admin, "text/csv", ImportMode.PARTIAL, ImportFixtures.csv(existing))
                .jobId(), IMPORT);
        String file = """
                deviceId,externalId,kind,deviceType,gatewayId,department,district,siteId,latitude,longitude,lifecycle
                P-gw,,GATEWAY,GW,,environment,NORTH,,,,ACTIVE
                P-ok,,SENSOR,AQ,P-gw,environment,NORTH,SITE,47.3,8.5,
                ,,,AQ,P-gw,environment,NORTH,,,,
                P-type,,,unknown-type,P-gw,environment,NORTH,,,,
                P-lost,,,AQ,P-none,environment,NORTH,,,,
                P-child,,,AQ,P-old-s,environment,NORTH,,,,
                P-dup,,,AQ,P-gw,environment,NORTH,,,,
                P-dup,,,AQ,P-gw,environment,NORTH,,,,
                P-far,,,AQ,P-gw,environment,NORTH,,91,-181,
                P-mix,,GATEWAY,AQ,,environment,NORTH,,,,
                P-dept,,,AQ,P-gw,nowhere,NORTH,,,,
                P-dist,,,AQ,P-gw,environment,nowhere,,,,
                P-site,,,AQ,P-gw,environment,SOUTH,SITE,,,
                P-early,,,AQ,P-late,environment,NORTH,,,,
                P-late,,GATEWAY,GW,,environment,NORTH,,,,
                P-life,,,AQ,P-gw,environment,NORTH,,,,SUSPENDED
                P-ctl,"two
                lines",,AQ,P-gw,environment,NORTH,,,,
                P-short,,SENSOR
                P-taken,ext-P-old-s,,AQ,P-gw,environment,NORTH,,,,
                P-half,,,AQ,P-gw,environment,NORTH,,47.3,,
                """.replace("P-", p + "-").replace("GW", c.gateway()).replace("AQ", c.airQuality())
                .replace("NORTH", c.north()).replace("SOUTH", c.south()).replace("SITE", c.site());

        var accepted = api.upload(admin, "text/csv", ImportMode.PARTIAL, file.getBytes(StandardCharsets.UTF_8));
        JsonNode job = api.awaitFinished(admin, accepted.jobId(), IMPORT);

        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertCounts(job, 20, 3, 0, 0, 17);
        assertThat(api.allErrors(admin, accepted.jobId())).extracting(this::describe).containsExactly(
                "4 deviceId is required",
                "5 deviceType 'unknown-type' is not a known device type",
                "6 gatewayId 'P-none' is not found in the registry (within your scope) or earlier in the file",
                "7 gatewayId 'P-old-s' is not a gateway",
                "8 deviceId 'P-dup' appears more than once in the file (lines 8, 9)",
                "9 deviceId 'P-dup' appears more than once in the file (lines 8, 9)",
                "10 latitude '91' is out of range (-90 to 90)",
                "10 longitude '-181' is out of range (-180 to 180)",
                "11 deviceType 'AQ' is a SENSOR type, but the row's kind is GATEWAY",
                "12 department 'nowhere' is not a known department",
                "13 district 'nowhere' is not a known district",
                "14 siteId 'SITE' lies in district 'NORTH', not 'SOUTH'",
                "15 gatewayId 'P-late' is not found yet: its row comes later (line 16); list gateways before their "
                        + "devices",
                "17 lifecycle must be PROVISIONED or ACTIVE at import",
                "18 externalId must be 1 to 128 characters without control characters",
                "20 row has 3 values, the header names 11 columns",
                "20 deviceType is required",
                "20 department is required",
                "20 district is required",
                "20 gatewayId is required",
                "21 externalId 'ext-P-old-s' already belongs to another device",
                "22 longitude is required together with latitude");
        assertThat(jdbc.queryForList("select id from device where id like ? order by id", String.class, p + "-%"))
                .containsExactly(p + "-gw", p + "-late", p + "-ok", p + "-old-gw", p + "-old-s");
    }

    @Test
    void aJsonImportReportsArrayIndexesAndMembersThatAreNotDeviceFields() {
        String file = """
                [{"deviceId": "P-gw", "kind": "GATEWAY", "deviceType": "GW", "department": "environment",
                  "district": "NORTH"},
                 {"deviceId": "P-s", "deviceType": "AQ", "gatewayId": "P-gw", "department": "environment",
                  "district": "NORTH", "latitude": 47.1, "longitude": 8.2, "colour": "red"},
                 {"deviceId": "P-t", "deviceType": "AQ", "gatewayId": "P-gw", "department": "environment",
                  "district": "NORTH", "latitude": {"deg": 47}},
                 42]
                """.replace("P-", p + "-").replace("GW", c.gateway()).replace("AQ", c.airQuality())
                .replace("NORTH", c.north());

        var accepted = api.upload(admin, "application/json", ImportMode.PARTIAL,
                file.getBytes(StandardCharsets.UTF_8));
        JsonNode job = api.awaitFinished(admin, accepted.jobId(), IMPORT);

        assertCounts(job, 4, 1, 0, 0, 3);
        assertThat(api.allErrors(admin, accepted.jobId())).extracting(this::describe).containsExactly(
                "1 colour is not a known field; known fields: " + ImportField.wireNames(),
                "2 latitude must be a string or a number",
                "3 row is not a JSON object");
    }

    private String describe(JsonNode error) {
        return (error.get("line").asLong() + " " + error.get("field").asString() + " "
                + error.get("reason").asString()).replace(p + "-", "P-").replace(c.airQuality(), "AQ")
                .replace(c.north(), "NORTH").replace(c.south(), "SOUTH").replace(c.site(), "SITE");
    }
}
