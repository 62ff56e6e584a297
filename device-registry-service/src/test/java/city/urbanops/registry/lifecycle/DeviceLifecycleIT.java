package city.urbanops.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.registry.DeviceLifecycle;
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

/** The identity lifecycle through the API: allowed moves with their history, refused moves that change nothing. */
class DeviceLifecycleIT extends RegistryServiceIT {

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
    void everyAllowedTransitionIsRecordedWithActorAndReasonAndPublished() {
        String id = fixtures.sensor("water", "north").get("id").asString();

        fixtures.transition(id, "ACTIVE", "installed at the pumping station");
        fixtures.transition(id, "SUSPENDED", "maintenance of the pump");
        fixtures.transition(id, "ACTIVE", "maintenance done");
        fixtures.transition(id, "REVOKED", "device stolen");
        JsonNode last = fixtures.transition(id, "DECOMMISSIONED", "written off");

        assertThat(last.get("lifecycle").asString()).isEqualTo("DECOMMISSIONED");
        assertThat(last.get("version").asLong()).isEqualTo(6);
        JsonNode history = RegistryApi.json(api.get("/api/v1/devices/" + id + "/history", "analyst")).get("items");
        assertThat(history).extracting(h -> h.get("action").asString()).containsExactly("CREATED", "ACTIVATED",
                "SUSPENDED", "RESUMED", "REVOKED", "DECOMMISSIONED");
        JsonNode revoked = history.get(4);
        assertThat(revoked.get("from").asString()).isEqualTo("ACTIVE");
        assertThat(revoked.get("to").asString()).isEqualTo("REVOKED");
        assertThat(revoked.get("reason").asString()).isEqualTo("device stolen");
        assertThat(revoked.get("actor").asString()).isEqualTo("admin");
        assertThat(revoked.get("version").asLong()).isEqualTo(5);
        assertThat(outbox.deviceRecords(id)).extracting(r -> r.lifecycle()).containsExactly(
                DeviceLifecycle.PROVISIONED, DeviceLifecycle.ACTIVE, DeviceLifecycle.SUSPENDED,
                DeviceLifecycle.ACTIVE, DeviceLifecycle.REVOKED, DeviceLifecycle.DECOMMISSIONED);
    }

    @Test
    void invalidTransitionIs409NamingFromToAndAllowedAndChangesNothing() {
        String id = fixtures.sensor("water", "north").get("id").asString();
        List<String> outboxBefore = outbox.eventIds(Topics.REGISTRY_DEVICES, id);

        HttpResponse<String> response = api.post("/api/v1/devices/" + id + "/lifecycle", "admin",
                Map.of("to", "SUSPENDED", "reason", "not yet active"));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = RegistryApi.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://urbanops.city/problems/invalid-transition");
        assertThat(problem.get("from").asString()).isEqualTo("PROVISIONED");
        assertThat(problem.get("to").asString()).isEqualTo("SUSPENDED");
        assertThat(problem.get("allowed")).extracting(JsonNode::asString).containsExactly("ACTIVE", "DECOMMISSIONED");
        JsonNode device = RegistryApi.json(api.get("/api/v1/devices/" + id, "admin"));
        assertThat(device.get("lifecycle").asString()).isEqualTo("PROVISIONED");
        assertThat(device.get("version").asLong()).isEqualTo(1);
        assertThat(outbox.eventIds(Topics.REGISTRY_DEVICES, id)).isEqualTo(outboxBefore);
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id + "/history", "admin")).get("items")).hasSize(1);
    }

    @Test
    void revokedIdentityNeverReturnsToActive() {
        String id = fixtures.activeSensor("water", "north");
        fixtures.transition(id, "REVOKED", "key leaked");

        for (String target : List.of("ACTIVE", "SUSPENDED", "PROVISIONED")) {
            HttpResponse<String> response = api.post("/api/v1/devices/" + id + "/lifecycle", "admin",
                    Map.of("to", target, "reason", "try to bring it back"));
            assertThat(response.statusCode()).as(target).isEqualTo(409);
            assertThat(RegistryApi.json(response).get("allowed")).extracting(JsonNode::asString)
                    .containsExactly("DECOMMISSIONED");
        }
        fixtures.transition(id, "DECOMMISSIONED", "scrapped");
        HttpResponse<String> back = api.post("/api/v1/devices/" + id + "/lifecycle", "admin",
                Map.of("to", "ACTIVE", "reason", "reuse"));
        assertThat(back.statusCode()).isEqualTo(409);
        assertThat(RegistryApi.json(back).get("allowed")).isEmpty();
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id, "admin")).get("lifecycle").asString())
                .isEqualTo("DECOMMISSIONED");
    }

    @Test
    void transitionWithoutReasonIs400NamingReason() {
        String id = fixtures.sensor("water", "north").get("id").asString();

        HttpResponse<String> response = api.post("/api/v1/devices/" + id + "/lifecycle", "admin",
                Map.of("to", "ACTIVE", "reason", " "));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RegistryApi.json(response).get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id, "admin")).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void onlyAnAdminMovesTheLifecycle() {
        String id = fixtures.sensor("water", "north").get("id").asString();

        for (String user : List.of("technician", "supervisor", "integrator", "operator", "analyst")) {
            assertThat(api.post("/api/v1/devices/" + id + "/lifecycle", user,
                    Map.of("to", "ACTIVE", "reason", "why not")).statusCode()).as(user).isEqualTo(403);
        }
        assertThat(RegistryApi.json(api.get("/api/v1/devices/" + id, "admin")).get("lifecycle").asString())
                .isEqualTo("PROVISIONED");
    }

    @Test
    void suspendingAQuarantinedDeviceEndsTheQuarantineAndSaysSo() {
        String id = fixtures.activeSensor("water", "north");
        assertThat(api.post("/api/v1/devices/" + id + "/quarantine", "supervisor",
                Map.of("reason", "stuck at zero")).statusCode()).isEqualTo(200);

        JsonNode suspended = fixtures.transition(id, "SUSPENDED", "sent for repair");

        assertThat(suspended.get("quarantine").isNull()).isTrue();
        JsonNode history = RegistryApi.json(api.get("/api/v1/devices/" + id + "/history", "admin")).get("items");
        assertThat(history).extracting(h -> h.get("action").asString()).endsWith("SUSPENDED", "QUARANTINE_ENDED");
        assertThat(outbox.lastDeviceRecord(id).quarantine()).isNull();
    }
}
