package city.urbanops.registry.bulkimport;

import static city.urbanops.registry.bulkimport.BulkImportIT.assertCounts;
import static city.urbanops.registry.bulkimport.ImportFixtures.ENVIRONMENT;
import static city.urbanops.registry.bulkimport.ImportFixtures.TRANSPORT;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.RegistryServiceIT;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Who may import what: admins anywhere, integrators inside their own departments and districts (every other row is
 * a bad row), other roles not at all; a job is visible to whoever submitted it and to admins only.
 */
class ImportAccessIT extends RegistryServiceIT {

    private static final Duration IMPORT = Duration.ofMinutes(1);

    @Autowired
    private JdbcTemplate jdbc;

    private ImportApi api;
    private ImportFixtures.Catalog c;
    private String p;

    @BeforeEach
    void seed() {
        api = new ImportApi(baseUrl());
        c = ImportFixtures.seed(jdbc, newId("ac"));
        p = newId("ac");
    }

    @Test
    void anIntegratorImportsInsideTheirScopeAndEveryRowOutsideItIsABadRow() {
        String admin = ImportApi.token("admin");
        var transportFleet = List.of(ImportFixtures.gateway(p + "-tgw", c, TRANSPORT),
                ImportFixtures.sensor(p + "-ts", p + "-tgw", c, TRANSPORT));
        api.awaitFinished(admin, api.upload(admin, "text/csv", ImportMode.PARTIAL,
                ImportFixtures.csv(transportFleet)).jobId(), IMPORT);
        var rows = List.of(
                ImportFixtures.gateway(p + "-gw", c, ENVIRONMENT),
                ImportFixtures.sensor(p + "-s", p + "-gw", c, ENVIRONMENT),
                ImportFixtures.sensor(p + "-x", p + "-gw", c, TRANSPORT),
                ImportFixtures.sensor(p + "-ts", p + "-gw", c, ENVIRONMENT),
                ImportFixtures.sensor(p + "-y", p + "-tgw", c, ENVIRONMENT));
        String integrator = ImportApi.token("integrator");

        var accepted = api.upload(integrator, "text/csv", ImportMode.PARTIAL, ImportFixtures.csv(rows));
        JsonNode job = api.awaitFinished(integrator, accepted.jobId(), IMPORT);

        assertCounts(job, 5, 2, 0, 0, 3);
        assertThat(api.allErrors(integrator, accepted.jobId()))
                .extracting(e -> e.get("line").asLong() + " " + e.get("field").asString() + " "
                        + e.get("reason").asString().replace(p, "P"))
                .containsExactly(
                        "4 department 'transport' is outside your scope",
                        "5 deviceId 'P-ts' belongs to a device outside your scope",
                        "6 gatewayId 'P-tgw' is not found in the registry (within your scope) or earlier in the file");
        assertThat(jdbc.queryForObject("select department_id from device where id = ?", String.class, p + "-ts"))
                .isEqualTo(TRANSPORT);
        assertThat(jdbc.queryForObject("select actor from device_history where device_id = ?", String.class,
                p + "-s")).isEqualTo("integrator");
    }

    @Test
    void aJobIsVisibleToWhoeverSubmittedItAndToAdminsOnly() {
        String integrator = ImportApi.token("integrator");
        var accepted = api.upload(integrator, "text/csv", ImportMode.PARTIAL,
                ImportFixtures.csv(List.of(ImportFixtures.gateway(p + "-gw", c, ENVIRONMENT))));
        String path = "/api/v1/imports/" + accepted.jobId();
        api.awaitFinished(integrator, accepted.jobId(), IMPORT);

        assertThat(api.get(ImportApi.token("admin"), path).status()).isEqualTo(200);
        var otherIntegrator = ImportApi.integratorServiceAccountToken();
        assertThat(api.get(otherIntegrator, path).status()).isEqualTo(404);
        assertThat(api.get(otherIntegrator, path + "/errors").status()).isEqualTo(404);
        assertThat(api.get(otherIntegrator, path).contentType()).startsWith("application/problem+json");
    }

    @Test
    void rolesOtherThanAdminAndIntegratorMayNeitherImportNorReadJobs() {
        byte[] file = ImportFixtures.csv(List.of(ImportFixtures.gateway(p + "-gw", c, ENVIRONMENT)));
        long jobsBefore = jdbc.queryForObject("select count(*) from import_job", Long.class);

        for (String user : List.of("analyst", "operator", "supervisor", "technician")) {
            var answer = api.upload(ImportApi.token(user), "text/csv", ImportMode.PARTIAL, file);
            assertThat(answer.status()).as(user).isEqualTo(403);
            assertThat(answer.body().get("type").asString()).isEqualTo("https://urbanops.city/problems/forbidden");
        }
        assertThat(jdbc.queryForObject("select count(*) from import_job", Long.class)).isEqualTo(jobsBefore);

        String admin = ImportApi.token("admin");
        String path = "/api/v1/imports/" + api.upload(admin, "text/csv", ImportMode.PARTIAL, file).jobId();
        for (String user : List.of("analyst", "operator", "supervisor", "technician")) {
            assertThat(api.get(ImportApi.token(user), path).status()).as(user).isEqualTo(403);
            assertThat(api.get(ImportApi.token(user), path + "/errors").status()).as(user).isEqualTo(403);
        }
        assertThat(api.get(null, path).status()).as("anonymous").isEqualTo(401);
        assertThat(api.get(null, path + "/errors").status()).as("anonymous").isEqualTo(401);
    }
}
