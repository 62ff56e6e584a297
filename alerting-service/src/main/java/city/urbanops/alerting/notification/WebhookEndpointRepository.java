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

    WebhookEndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An endpoint as listed: never its secrets. */
    record WebhookEndpoint(UUID id, String url, String description, String createdBy, Instant createdAt,
                           int activeSecrets) { }

    void create(UUID id, String url, String description, String createdBy, String secret, Instant at) {
        jdbc.sql("insert into webhook_endpoint (id, url, description, created_by, created_at) values (?, ?, ?, ?, ?)")
                .params(id, url, description, createdBy, Timestamp.from(at)).update();
        jdbc.sql("insert into webhook_secret (endpoint_id, serial, secret, created_at) values (?, 1, ?, ?)")
                .params(id, secret, Timestamp.from(at)).update();
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
        jdbc.sql("""
                insert into webhook_secret (endpoint_id, serial, secret, created_at)
                values (?, (select coalesce(max(serial), 0) + 1 from webhook_secret where endpoint_id = ?), ?, ?)""")
                .params(id, id, secret, Timestamp.from(now)).update();
        return true;
    }

    /** The secrets that sign at {@code now}, newest first. */
    List<String> activeSecrets(UUID id, Instant now) {
        return jdbc.sql("""
                select secret from webhook_secret
                where endpoint_id = ? and (expires_at is null or expires_at > ?) order by serial desc""")
                .params(id, Timestamp.from(now)).query(String.class).list();
    }
}
