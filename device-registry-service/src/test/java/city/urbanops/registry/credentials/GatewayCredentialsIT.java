package city.urbanops.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.registry.GatewayTokens;
import city.urbanops.registry.support.OutboxRows;
import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryFixtures;
import city.urbanops.registry.support.RegistryServiceIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Gateway secrets: shown once, stored as hashes, rotated with an overlap, revoked at once; certificates. */
class GatewayCredentialsIT extends RegistryServiceIT {

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
    void provisioningShowsTheSecretOnceAndStoresOnlyItsHash() {
        String id = newId("gw");

        HttpResponse<String> response = api.post("/api/v1/gateways", "admin", Map.of("id", id,
                "deviceType", RegistryFixtures.GATEWAY_TYPE, "department", "water", "district", "north"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
                v -> assertThat(v).contains("no-store"));
        JsonNode issued = RegistryApi.json(response);
        String secret = issued.get("secret").asString();
        assertThat(secret).startsWith(GatewayTokens.PREFIX).hasSize(48);
        assertThat(jdbc.sql("select sha256 from gateway_secret where gateway_id = ?").param(id).query(String.class)
                .list()).containsExactly(GatewayTokens.sha256Hex(secret));
        assertThat(jdbc.sql("select count(*) from gateway_secret where sha256 = ? or sha256 = ?")
                .params(secret, secret.substring(0, 40)).query(Long.class).single()).isZero();
        for (String path : List.of("/api/v1/devices/" + id, "/api/v1/gateways/" + id + "/credentials",
                "/api/v1/devices/" + id + "/history")) {
            assertThat(api.get(path, "admin").body()).as(path).doesNotContain(secret);
        }
        assertThat(outboxValues(id)).noneMatch(v -> v.contains(secret));
        GatewayCredentials credentials = outbox.lastCredentials(id);
        assertThat(credentials.secrets()).hasSize(1);
        assertThat(credentials.secrets().getFirst().credentialId()).isEqualTo(issued.get("credentialId").asString());
    }

    @Test
    void rotationKeepsTheOldSecretWorkingForTheOverlapAndRecordsItsEnd() {
        String id = activeGateway();
        String first = issue(id, null).get("secret").asString();

        JsonNode rotated = issue(id, "PT2H");

        String second = rotated.get("secret").asString();
        Instant issuedAt = Instant.parse(rotated.get("issuedAt").asString());
        JsonNode superseded = rotated.get("superseded").get(0);
        assertThat(Instant.parse(superseded.get("expiresAt").asString())).isEqualTo(issuedAt.plus(Duration.ofHours(2)));
        assertThat(jdbc.sql("select expires_at from gateway_secret where credential_id = ?")
                .param(superseded.get("credentialId").asString()).query(java.sql.Timestamp.class).single()
                .toInstant()).isEqualTo(issuedAt.plus(Duration.ofHours(2)));
        GatewayCredentials credentials = outbox.lastCredentials(id);
        Instant inOverlap = issuedAt.plus(Duration.ofHours(1));
        Instant afterOverlap = issuedAt.plus(Duration.ofHours(3));
        assertThat(credentials.check(bytes(first), inOverlap)).isEqualTo(GatewayCredentials.Verdict.ADMITTED);
        assertThat(credentials.check(bytes(second), inOverlap)).isEqualTo(GatewayCredentials.Verdict.ADMITTED);
        assertThat(credentials.check(bytes(first), afterOverlap))
                .isEqualTo(GatewayCredentials.Verdict.EXPIRED_SECRET);
        assertThat(credentials.check(bytes(second), afterOverlap)).isEqualTo(GatewayCredentials.Verdict.ADMITTED);
        assertThat(lastAction(id)).isEqualTo("SECRET_ROTATED");
        assertThat(outbox.schemaViolations(id)).isEmpty();
    }

    @Test
    void revokedSecretStopsWorkingAtOnce() {
        String id = activeGateway();
        JsonNode issued = issue(id, null);
        String secret = issued.get("secret").asString();

        HttpResponse<String> response = api.send("DELETE", "/api/v1/gateways/" + id + "/secrets/"
                + issued.get("credentialId").asString(), "admin", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        GatewayCredentials credentials = outbox.lastCredentials(id);
        assertThat(credentials.check(bytes(secret), Instant.now()))
                .isEqualTo(GatewayCredentials.Verdict.EXPIRED_SECRET);
        assertThat(credentials.secrets().getFirst().expiresAt()).isBeforeOrEqualTo(Instant.now());
        assertThat(api.send("DELETE", "/api/v1/gateways/" + id + "/secrets/" + issued.get("credentialId").asString(),
                "admin", null, Map.of()).statusCode()).isEqualTo(409);
    }

    @Test
    void suspendingAGatewayPublishesItsCredentialsAsNotActive() {
        String id = activeGateway();
        String secret = issue(id, null).get("secret").asString();

        fixtures.transition(id, "SUSPENDED", "tampering alarm");

        GatewayCredentials credentials = outbox.lastCredentials(id);
        assertThat(credentials.lifecycle()).isEqualTo(DeviceLifecycle.SUSPENDED);
        assertThat(credentials.check(bytes(secret), Instant.now())).isEqualTo(GatewayCredentials.Verdict.NOT_ACTIVE);
        assertThat(credentials.version()).isEqualTo(outbox.lastDeviceRecord(id).version());
    }

    @Test
    void overlapBeyondTheBoundOrUnreadableIs400NamingOverlap() {
        String id = activeGateway();

        for (String overlap : List.of("P31D", "-PT1H", "tomorrow")) {
            HttpResponse<String> response = api.post("/api/v1/gateways/" + id + "/secrets", "admin",
                    Map.of("overlap", overlap));
            assertThat(response.statusCode()).as(overlap).isEqualTo(400);
            assertThat(RegistryApi.json(response).get("errors").get(0).get("field").asString()).isEqualTo("overlap");
        }
        assertThat(jdbc.sql("select count(*) from gateway_secret where gateway_id = ?").param(id).query(Long.class)
                .single()).isZero();
    }

    @Test
    void aGatewayHoldsAtMostThreeWorkingSecrets() {
        String id = activeGateway();
        issue(id, "PT1H");
        issue(id, "PT1H");
        issue(id, "PT1H");

        HttpResponse<String> fourth = api.post("/api/v1/gateways/" + id + "/secrets", "admin", Map.of());

        assertThat(fourth.statusCode()).isEqualTo(409);
        assertThat(RegistryApi.json(fourth).get("type").asString()).endsWith("/too-many-secrets");
    }

    @Test
    void revokedGatewayGetsNoNewSecret() {
        String id = activeGateway();
        fixtures.transition(id, "REVOKED", "stolen");

        HttpResponse<String> response = api.post("/api/v1/gateways/" + id + "/secrets", "admin", Map.of());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(RegistryApi.json(response).get("type").asString()).endsWith("/gateway-retired");
    }

    @Test
    void certificateFingerprintsAreAddedAndRemovedAndPublished() {
        String id = activeGateway();
        String fingerprint = GatewayTokens.sha256Hex(id);

        assertThat(api.post("/api/v1/gateways/" + id + "/certificates", "admin",
                Map.of("fingerprint", fingerprint.toUpperCase())).statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v1/gateways/" + id + "/certificates", "admin",
                Map.of("fingerprint", fingerprint)).statusCode()).isEqualTo(200);
        assertThat(outbox.lastCredentials(id).certificateFingerprints()).containsExactly(fingerprint);
        assertThat(api.send("DELETE", "/api/v1/gateways/" + id + "/certificates/" + fingerprint, "admin", null,
                Map.of()).statusCode()).isEqualTo(200);
        assertThat(outbox.lastCredentials(id).certificateFingerprints()).isEmpty();
    }

    @Test
    void credentialsAreForAdminsOnly() {
        String id = activeGateway();

        for (String user : List.of("supervisor", "integrator", "technician", "operator", "analyst")) {
            assertThat(api.post("/api/v1/gateways/" + id + "/secrets", user, Map.of()).statusCode()).as(user)
                    .isEqualTo(403);
            assertThat(api.get("/api/v1/gateways/" + id + "/credentials", user).statusCode()).as(user)
                    .isEqualTo(403);
        }
    }

    private String activeGateway() {
        String id = fixtures.gateway("water", "north");
        fixtures.transition(id, "ACTIVE", "installed");
        return id;
    }

    private JsonNode issue(String gatewayId, String overlap) {
        HttpResponse<String> response = api.post("/api/v1/gateways/" + gatewayId + "/secrets", "admin",
                overlap == null ? Map.of() : Map.of("overlap", overlap));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return RegistryApi.json(response);
    }

    private String lastAction(String id) {
        JsonNode items = RegistryApi.json(api.get("/api/v1/devices/" + id + "/history?limit=500", "admin"))
                .get("items");
        return items.get(items.size() - 1).get("action").asString();
    }

    private List<String> outboxValues(String id) {
        return jdbc.sql("select convert_from(value, 'UTF8') from outbox where record_key = ?").param(id)
                .query(String.class).list();
    }

    private static byte[] bytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
