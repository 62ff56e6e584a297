package city.urbanops.registry.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.registry.support.RegistryServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A bulk import is audited as what it provisioned, by the person who submitted it, not device by device. */
class ImportAuditIT extends RegistryServiceIT {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void anImportIsAuditedWithTheDevicesItProvisionedAndWhoSubmittedIt() {
        var api = new ImportApi(baseUrl());
        var catalog = ImportFixtures.seed(jdbc, newId("ia"));
        byte[] file = ImportFixtures.csv(ImportFixtures.fleet(newId("dev"), 20, 2, catalog,
                ImportFixtures.ENVIRONMENT));
        String admin = ImportApi.token("admin");

        try (var audit = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(), Topics.AUDIT_EVENTS)) {
            var accepted = api.upload(admin, "text/csv", ImportMode.PARTIAL, file);
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(api.awaitFinished(admin, accepted.jobId(), Duration.ofMinutes(2)).get("status").asString())
                    .isEqualTo("SUCCEEDED");

            var event = TopicProbe.value(audit.awaitMatching(r -> TopicProbe.value(r, AuditEvent.class).targetId()
                    .equals(accepted.jobId()), 1, Duration.ofSeconds(30)).getFirst(), AuditEvent.class);
            assertThat(event.action()).isEqualTo("devices.imported");
            assertThat(event.actor()).isEqualTo("admin");
            assertThat(event.details()).containsEntry("created", "20").containsEntry("updated", "0");
        }
    }
}
