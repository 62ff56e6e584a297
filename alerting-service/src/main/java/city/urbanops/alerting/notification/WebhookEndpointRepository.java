package city.urbanops.alerting.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Webhook endpoints and their signing secrets; the only reader of the secrets is the signing of a delivery. */
@Repository
class WebhookEndpointRepository {

    private final JdbcClient jdbc;
    private final WebhookSecretCipher cipher;

    WebhookEndpointRepository(JdbcClient jdbc, WebhookSecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** An endpoint as listed: never its secrets. */
    record WebhookEndpoint(UUID id, String url, String description, String createdBy, Instant createdAt,
                           int activeSecrets) { }

    void create(UUID id, String url, String description, String createdBy, String secret, Instant at) {
        jdbc.sql("insert into webhook_endpoint (id, url, description, created_by, created_at) values (?, ?, ?, ?, ?)")
                .params(id, url, description, createdBy, Timestamp.from(at)).update();
        insertSecret(id, 1, secret, at);
    }

    /** Stores a secret sealed with the first encryption key, never its plaintext. */
    private void insertSecret(UUID endpointId, int serial, String secret, Instant at) {
        WebhookSecretCipher.Sealed sealed = cipher.seal(secret, WebhookSecretCipher.rowIdentity(endpointId, serial));
        jdbc.sql("""
                insert into webhook_secret (endpoint_id, serial, encrypted, key_id, sealed, created_at)
                values (?, ?, true, ?, ?, ?)""")
                .params(endpointId, serial, sealed.keyId(), sealed.bytes(), Timestamp.from(at)).update();
    }

    List<WebhookEndpoint> list(Instant now, int limit) {
        return jdbc.sql("""
                select e.id, e.url, e.description, e.created_by, e.created_at,
                    (select count(*) from webhook_secret s where s.endpoint_id = e.id
                        and (s.expires_at is null or s.expires_at > ?)) as active
                from webhook_endpoint e order by e.created_at, e.id limit ?""")
                .params(Timestamp.from(now), limit)
                .query((rs, n) -> new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getString("url"),
                        rs.getString("description"), rs.getString("created_by"),
                        rs.getTimestamp("created_at").toInstant(), rs.getInt("active")))
                .list();
    }

    Optional<String> url(UUID id) {
        return jdbc.sql("select url from webhook_endpoint where id = ?").param(id).query(String.class).optional();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from webhook_endpoint where id = ?").param(id).update() == 1;
    }

    /**
     * Adds a new newest secret; the secrets that were still unexpired stay valid until {@code previousValidUntil}.
     * Returns false when the endpoint does not exist.
     */
    boolean rotate(UUID id, String secret, Instant now, Instant previousValidUntil) {
        if (jdbc.sql("select id from webhook_endpoint where id = ? for update").param(id).query(UUID.class)
                .optional().isEmpty()) {
            return false;
        }
        jdbc.sql("""
                update webhook_secret set expires_at = ?
                where endpoint_id = ? and (expires_at is null or expires_at > ?)""")
                .params(Timestamp.from(previousValidUntil), id, Timestamp.from(now)).update();
        int serial = jdbc.sql("select coalesce(max(serial), 0) + 1 from webhook_secret where endpoint_id = ?")
                .param(id).query(Integer.class).single();
        insertSecret(id, serial, secret, now);
        return true;
    }

    /** The secrets that sign at {@code now}, newest first. */
    List<String> activeSecrets(UUID id, Instant now) {
        return jdbc.sql("""
                select serial, encrypted, secret, key_id, sealed from webhook_secret
                where endpoint_id = ? and (expires_at is null or expires_at > ?) order by serial desc""")
                .params(id, Timestamp.from(now))
                .query((rs, n) -> rs.getBoolean("encrypted")
                        ? cipher.open(new WebhookSecretCipher.Sealed(rs.getString("key_id"), rs.getBytes("sealed")),
                                WebhookSecretCipher.rowIdentity(id, rs.getInt("serial")))
                        // written before encryption and not yet sealed by this start's sealing pass
                        : rs.getString("secret"))
                .list();
    }
}
