package city.urbanops.registry.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.support.OutboxRows;
import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Quarantine and release by a supervisor, on the device record and in the history. */
class QuarantineIT extends RegistryServiceIT {

    @Autowired
    JdbcClient jdbc;

    RegistryApi api;
    RegistryFixtures fixtures;
    OutboxRows outbox;

    @BeforeEach
    void setUp() {
        api = new RegistryApi(baseUrl());
        fixtures = new RegistryFixtures(api).referenceData();
        outbox = new OutboxRows(jdbc);
    }

    @Test
    void supervisorQuarantinesAnActiveDeviceAndTheRecordCarriesIt() {
        String id = fixtures.activeSensor("environment", "south");

        HttpResponse<String> response = api.post("/api/v1/devices/" + id + "/quarantine", "supervisor",
                Map.of("reason", "PM2.5 stuck at 999", "proposalId", "triage-42"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode quarantine = RegistryApi.json(response).get("quarantine");
        assertThat(quarantine.get("reason").asString()).isEqualTo("PM2.5 stuck at 999");
        assertThat(quarantine.get("by").asString()).isEqualTo("supervisor");
        DeviceRecord record = outbox.lastDeviceRecord(id);
        assertThat(record.quarantined()).isTrue();
        assertThat(record.quarantine().by()).isEqualTo("supervisor");
        assertThat(record.version()).isEqualTo(3);
        JsonNode last = lastHistory(id);
        assertThat(last.get("action").asString()).isEqualTo("QUARANTINED");
        assertThat(last.get("proposalId").asString()).isEqualTo("triage-42");
        assertThat(last.get("actor").asString()).isEqualTo("supervisor");
    }

    @Test
    void everyoneButASupervisorIsRefusedWith403() {
        String id = fixtures.activeSensor("water", "north");

        for (String user : List.of("admin", "operator", "technician", "integrator", "analyst")) {
            assertThat(api.post("/api/v1/devices/" + id + "/quarantine", user, Map.of("reason", "suspicious"))
                    .statusCode()).as(user).isEqualTo(403);
        }
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id, "admin")).get("quarantine").isNull()).isTrue();
    }

    @Test
    void supervisorReleasesAndBothStepsAreInTheHistory() {
        String id = fixtures.activeSensor("transport", "north");
        api.post("/api/v1/devices/" + id + "/quarantine", "supervisor", Map.of("reason", "counts negative cars"));

        assertThat(api.post("/api/v1/devices/" + id + "/quarantine/release", "operator",
                Map.of("reason", "looks fine")).statusCode()).isEqualTo(403);
        HttpResponse<String> released = api.post("/api/v1/devices/" + id + "/quarantine/release", "supervisor",
                Map.of("reason", "loop recalibrated"));

        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(RegistryApi.json(released).get("quarantine").isNull()).isTrue();
        assertThat(outbox.lastDeviceRecord(id).quarantined()).isFalse();
        JsonNode history = RegistryApi.json(api.get("/api/v1/devices/" + id + "/history", "operator")).get("items");
        assertThat(history).extracting(h -> h.get("action").asString()).endsWith("QUARANTINED", "RELEASED");
        assertThat(history.get(history.size() - 1).get("reason").asString()).isEqualTo("loop recalibrated");
    }

    @Test
    void onlyAnActiveDeviceCanBeQuarantinedAndOnlyOnce() {
        String provisioned = fixtures.sensor("water", "south").get("id").asString();
        String active = fixtures.activeSensor("water", "south");

        HttpResponse<String> notActive = api.post("/api/v1/devices/" + provisioned + "/quarantine", "supervisor",
                Map.of("reason", "noisy"));
        api.post("/api/v1/devices/" + active + "/quarantine", "supervisor", Map.of("reason", "noisy"));
        HttpResponse<String> twice = api.post("/api/v1/devices/" + active + "/quarantine", "supervisor",
                Map.of("reason", "noisy again"));
        HttpResponse<String> releaseUnquarantined = api.post("/api/v1/devices/" + provisioned
                + "/quarantine/release", "supervisor", Map.of("reason", "fine"));

        assertThat(notActive.statusCode()).isEqualTo(409);
        assertThat(RegistryApi.json(notActive).get("type").asString()).endsWith("/not-active");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(RegistryApi.json(twice).get("type").asString()).endsWith("/already-quarantined");
        assertThat(releaseUnquarantined.statusCode()).isEqualTo(409);
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + active, "admin")).get("quarantine")
                .get("reason").asString()).isEqualTo("noisy");
    }

    @Test
    void quarantineWithoutReasonIs400NamingReason() {
        String id = fixtures.activeSensor("water", "north");

        HttpResponse<String> response = api.post("/api/v1/devices/" + id + "/quarantine", "supervisor", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RegistryApi.json(response).get("errors").get(0).get("field").asString()).isEqualTo("reason");
    }

    private JsonNode lastHistory(String id) {
        JsonNode items = RegistryApi.json(api.get("/api/v1/devices/" + id + "/history", "admin")).get("items");
        return items.get(items.size() - 1);
    }
}
