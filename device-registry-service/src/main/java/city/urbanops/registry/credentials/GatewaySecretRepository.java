package city.urbanops.registry.credentials;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code gateway_secret} (hashes only) and {@code gateway_certificate}. */
@Repository
class GatewaySecretRepository {

    private final JdbcClient jdbc;

    GatewaySecretRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored secret: its public id, when it was issued and when it stops (null: current). */
    record StoredSecret(String credentialId, Instant issuedAt, Instant expiresAt) {

        boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    List<StoredSecret> secrets(String gatewayId) {
        return jdbc.sql("""
                select credential_id, issued_at, expires_at from gateway_secret where gateway_id = ?
                order by issued_at desc, credential_id""")
                .param(gatewayId)
                .query((rs, n) -> new StoredSecret(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .list();
    }

    Optional<StoredSecret> secret(String gatewayId, String credentialId) {
        return secrets(gatewayId).stream().filter(s -> s.credentialId().equals(credentialId)).findFirst();
    }

    void insert(String credentialId, String gatewayId, String sha256, Instant issuedAt) {
        jdbc.sql("insert into gateway_secret (credential_id, gateway_id, sha256, issued_at) values (?, ?, ?, ?)")
                .params(credentialId, gatewayId, sha256, Timestamp.from(issuedAt)).update();
    }

    void expire(String credentialId, Instant at) {
        jdbc.sql("update gateway_secret set expires_at = ? where credential_id = ?")
                .params(Timestamp.from(at), credentialId).update();
    }

    /** Drops the hashes of secrets that stopped working before {@code before}. */
    void dropExpiredBefore(String gatewayId, Instant before) {
        jdbc.sql("delete from gateway_secret where gateway_id = ? and expires_at < ?")
                .params(gatewayId, Timestamp.from(before)).update();
    }

    List<String> fingerprints(String gatewayId) {
        return jdbc.sql("select fingerprint from gateway_certificate where gateway_id = ? order by fingerprint")
                .param(gatewayId).query(String.class).list();
    }

    boolean fingerprintTaken(String fingerprint) {
        return jdbc.sql("select count(*) from gateway_certificate where fingerprint = ?").param(fingerprint)
                .query(Long.class).single() > 0;
    }

    void addFingerprint(String gatewayId, String fingerprint, Instant at) {
        jdbc.sql("insert into gateway_certificate (gateway_id, fingerprint, added_at) values (?, ?, ?)")
                .params(gatewayId, fingerprint, Timestamp.from(at)).update();
    }

    boolean removeFingerprint(String gatewayId, String fingerprint) {
        return jdbc.sql("delete from gateway_certificate where gateway_id = ? and fingerprint = ?")
                .params(gatewayId, fingerprint).update() == 1;
    }
}
