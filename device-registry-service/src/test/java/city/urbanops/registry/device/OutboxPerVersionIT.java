package city.urbanops.registry.device;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.Topics;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.registry.support.OutboxRows;
import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every committed change of a device queues exactly one record, carrying the version the change produced. */
class OutboxPerVersionIT extends RegistryServiceIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

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
    void eachChangeQueuesOneRecordPerVersionAndRefusalsQueueNone() {
        String id = fixtures.sensor("water", "north").get("id").asString();

        patch(id, "\"1\"", Map.of("latitude", 47.02));
        patch(id, "\"2\"", Map.of());
        fixtures.transition(id, "ACTIVE", "installed");
        api.post("/api/v1/devices/" + id + "/lifecycle", "admin", Map.of("to", "PROVISIONED", "reason", "refused"));
        api.post("/api/v1/devices/" + id + "/quarantine", "supervisor", Map.of("reason", "drifting"));
        patch(id, "\"1\"", Map.of("longitude", 8.02));
        api.post("/api/v1/devices/" + id + "/quarantine/release", "supervisor", Map.of("reason", "recalibrated"));
        fixtures.transition(id, "SUSPENDED", "winter");

        List<DeviceRecord> records = outbox.deviceRecords(id);
        assertThat(records).extracting(DeviceRecord::version).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 6).boxed().toList());
        assertThat(outbox.eventIds(Topics.REGISTRY_DEVICES, id)).containsExactly(id + "/1", id + "/2", id + "/3",
                id + "/4", id + "/5", id + "/6");
        assertThat(records.get(1).latitude()).isEqualTo(47.02);
        assertThat(records.get(3).quarantined()).isTrue();
        assertThat(records.get(4).quarantined()).isFalse();
        assertThat(records.get(5).lifecycle().name()).isEqualTo("SUSPENDED");
        assertThat(records.getLast().measurements()).containsExactly("pm10", "pm2_5", "temperature");
        assertThat(jdbc.sql("select version from device where id = ?").param(id).query(Long.class).single())
                .isEqualTo(6);
        assertThat(outbox.eventIds(Topics.REGISTRY_GATEWAY_CREDENTIALS, id)).isEmpty();
        assertThat(outbox.schemaViolations(id)).isEmpty();
    }

    @Test
    void aGatewaysLifecycleChangeQueuesItsCredentialsWithTheSameVersion() {
        String gateway = fixtures.gateway("water", "north");

        fixtures.transition(gateway, "ACTIVE", "installed");
        patch(gateway, "\"2\"", Map.of("latitude", 47.0));
        fixtures.transition(gateway, "SUSPENDED", "storm damage");

        assertThat(outbox.eventIds(Topics.REGISTRY_DEVICES, gateway)).containsExactly(gateway + "/1", gateway + "/2",
                gateway + "/3", gateway + "/4");
        assertThat(outbox.eventIds(Topics.REGISTRY_GATEWAY_CREDENTIALS, gateway)).containsExactly(gateway + "/1",
                gateway + "/2", gateway + "/4");
        assertThat(outbox.schemaViolations(gateway)).isEmpty();
    }

    @Test
    void committedChangesAndRefusalsAreCountedByActionAndReason() {
        String id = fixtures.sensor("water", "north").get("id").asString();
        double activated = meters.counter("urbanops.registry.changes", "action", "activated").count();
        double invalid = meters.counter("urbanops.registry.refusals", "reason", "invalid-transition").count();

        fixtures.transition(id, "ACTIVE", "installed");
        api.post("/api/v1/devices/" + id + "/lifecycle", "admin", Map.of("to", "PROVISIONED", "reason", "refused"));

        assertThat(meters.counter("urbanops.registry.changes", "action", "activated").count())
                .isEqualTo(activated + 1);
        assertThat(meters.counter("urbanops.registry.refusals", "reason", "invalid-transition").count())
                .isEqualTo(invalid + 1);
    }

    private void patch(String id, String ifMatch, Map<String, Object> body) {
        api.send("PATCH", "/api/v1/devices/" + id, "admin", body, Map.of("If-Match", ifMatch));
    }
}
