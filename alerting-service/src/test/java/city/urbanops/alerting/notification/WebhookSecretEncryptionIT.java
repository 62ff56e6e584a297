package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import city.urbanops.alerting.AlertingApplication;
import city.urbanops.alerting.AlertingServiceIT;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook signing secrets at rest, across restarts of the real application on a database of its own: nothing in
 * plaintext, secrets from before encryption sealed at start, signatures that still verify at the receiver after a
 * restart with a rotated key list, and a clear start-up failure for a missing or wrong key.
 */
class WebhookSecretEncryptionIT {

    private static final String KEY_1 = key("enc-1");
    private static final String KEY_2 = key("enc-2");
    private static PostgresDatabase database;
    private static WebhookReceiver receiver;
    private static JdbcClient jdbc;

    @BeforeAll
    static void infrastructure() {
        database = TestInfrastructure.postgres().createDatabase("alerting_secrets_" + Long.toHexString(
                UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
        jdbc = JdbcClient.create(database.dataSource());
        receiver = new WebhookReceiver(FreePorts.next());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private static String key(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    private static ConfigurableApplicationContext start(String encryptionKeys, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
                "--spring.kafka.consumer.group-id=alerting-secrets-it-" + UUID.randomUUID(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + KeycloakServer.shared().issuerUri(),
                "--urbanops.alerting.notification.poll-interval=100ms",
                "--urbanops.alerting.notification.link-secret=test-link-secret-not-for-production",
                "--urbanops.alerting.webhooks.encryption-keys=" + encryptionKeys));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(AlertingApplication.class).run(args.toArray(String[]::new));
    }

    private record SecretRow(boolean encrypted, String secret, String keyId, byte[] sealed) { }

    private static List<SecretRow> rows() {
        return jdbc.sql("select encrypted, secret, key_id, sealed from webhook_secret order by endpoint_id, serial")
                .query((rs, n) -> new SecretRow(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
                .list();
    }

    private static void assertNoPlaintext(List<String> secrets) {
        for (SecretRow row : rows()) {
            assertThat(row.encrypted()).isTrue();
            assertThat(row.secret()).isNull();
            String stored = new String(row.sealed(), StandardCharsets.ISO_8859_1);
            secrets.forEach(secret -> assertThat(stored).doesNotContain(secret).doesNotContain(secret.substring(6)));
        }
        String dump = jdbc.sql("select string_agg(t::text, '|') from webhook_secret t").query(String.class).single();
        secrets.forEach(secret -> assertThat(dump).doesNotContain(secret.substring(6)));
    }

    @Test
    void secretsAreStoredSealedStillSignAfterARestartWithARotatedKeyListAndAMissingOrWrongKeyStopsTheStart() {
        UUID created = UUID.randomUUID();
        String createdSecret = WebhookSigner.newSecret();
        UUID legacy = UUID.randomUUID();
        String legacySecret = WebhookSigner.newSecret();
        String createdPath = "/hooks/sealed-" + created;
        String legacyPath = "/hooks/legacy-" + legacy;

        try (var first = start(KEY_1)) {
            first.getBean(WebhookEndpointRepository.class).create(created, receiver.url(createdPath), "sealed",
                    "test", createdSecret, Instant.now());
        }
        assertNoPlaintext(List.of(createdSecret));
        assertThat(rows()).extracting(SecretRow::keyId).containsExactly("enc-1");

        // A secret stored in plaintext by a version before encryption.
        jdbc.sql("insert into webhook_endpoint (id, url, created_by, created_at) values (?, ?, 'test', ?)")
                .params(legacy, receiver.url(legacyPath), Timestamp.from(Instant.now())).update();
        jdbc.sql("insert into webhook_secret (endpoint_id, serial, secret, created_at) values (?, 1, ?, ?)")
                .params(legacy, legacySecret, Timestamp.from(Instant.now())).update();

        String district = "sealed-" + UUID.randomUUID().toString().substring(0, 8);
        try (var restarted = start(KEY_2 + "," + KEY_1,
                "--urbanops.alerting.routing.fallback.webhook-endpoint-ids=" + created + "," + legacy,
                "--urbanops.alerting.routing.fallback.group-wait=1s")) {
            assertNoPlaintext(List.of(createdSecret, legacySecret));
            assertThat(rows()).as("re-sealed with the first key at start").extracting(SecretRow::keyId)
                    .containsOnly("enc-2");

            String key = "flood-level|" + UUID.randomUUID();
            Instant now = Instant.now();
            AlertingServiceIT.publish(NotificationIT.event(key, AlertEvent.alertIdOf(key, now),
                    AlertEvent.Transition.RAISED, 0, AlertEvent.Severity.MAJOR, "Sealed secrets " + district, district,
                    now, now));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(receiver.callsTo(createdPath)).anySatisfy(call -> {
                    assertThat(call.body()).contains(district);
                    assertThat(WebhookReceiver.verifies(createdSecret, call)).isTrue();
                });
                assertThat(receiver.callsTo(legacyPath)).anySatisfy(call -> {
                    assertThat(call.body()).contains(district);
                    assertThat(WebhookReceiver.verifies(legacySecret, call)).isTrue();
                });
            });
        }

        assertThatThrownBy(() -> start(KEY_1).close()).as("the key that sealed them is gone")
                .rootCause().hasMessageContaining("encrypted with key(s) [enc-2]")
                .hasMessageContaining("urbanops.alerting.webhooks.encryption-keys");
        String wrong = key("enc-2");
        assertThatThrownBy(() -> start(wrong).close()).as("a key of that id, but not the one")
                .rootCause().hasMessageContaining("does not decrypt with key 'enc-2'")
                .message().doesNotContain(wrong.substring(6)).doesNotContain(KEY_2.substring(6));
        assertThatThrownBy(() -> start("").close()).as("no key at all")
                .rootCause().hasMessageContaining("urbanops.alerting.webhooks.encryption-keys is not set");
    }
}
