package city.urbanops.alerting.notification;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start, before anything sends: checks that the configured keys open the stored webhook secrets (a key id in use
 * that is missing, or a key of that id that is not the one that sealed them, stops the start with a message naming
 * the key id), then seals every secret still in plaintext (written before encryption) and re-seals every secret
 * sealed with an older key with the first key, in bounded transactions, clearing the plaintext. After one start with
 * a new key first, older keys may be removed from the list.
 */
@Component
@DependsOnDatabaseInitialization
class WebhookSecretSealing implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecretSealing.class);
    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final WebhookSecretCipher cipher;
    private final TransactionTemplate transactions;

    WebhookSecretSealing(JdbcClient jdbc, WebhookSecretCipher cipher, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.transactions = transactions;
    }

    @Override
    public void afterPropertiesSet() {
        checkKeysInUse();
        int sealed = 0;
        int round;
        do {
            round = transactions.execute(tx -> sealBatch());
            sealed += round;
        } while (round == BATCH);
        if (sealed > 0) {
            log.info("Encrypted {} webhook signing secrets with key '{}'", sealed, cipher.sealingKeyId());
        }
    }

    private record Row(UUID endpointId, int serial, boolean encrypted, String secret, String keyId, byte[] sealed) {

        String identity() {
            return WebhookSecretCipher.rowIdentity(endpointId, serial);
        }
    }

    private void checkKeysInUse() {
        List<String> inUse = jdbc.sql("select distinct key_id from webhook_secret where encrypted order by key_id")
                .query(String.class).list();
        List<String> missing = inUse.stream().filter(id -> !cipher.knows(id)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Webhook signing secrets are encrypted with key(s) " + missing
                    + ", which " + WebhookSecretCipher.SETTING + " does not hold: add them back (after the new key) "
                    + "until a start has re-encrypted every secret");
        }
        for (String keyId : inUse) {
            Row sample = jdbc.sql("""
                    select endpoint_id, serial, encrypted, secret, key_id, sealed from webhook_secret
                    where encrypted and key_id = ? limit 1""").param(keyId).query(WebhookSecretSealing::row).single();
            cipher.open(new WebhookSecretCipher.Sealed(sample.keyId(), sample.sealed()), sample.identity());
        }
    }

    private int sealBatch() {
        List<Row> rows = jdbc.sql("""
                select endpoint_id, serial, encrypted, secret, key_id, sealed from webhook_secret
                where not encrypted or key_id <> ? limit ? for update skip locked""")
                .params(cipher.sealingKeyId(), BATCH).query(WebhookSecretSealing::row).list();
        for (Row row : rows) {
            String secret = row.encrypted()
                    ? cipher.open(new WebhookSecretCipher.Sealed(row.keyId(), row.sealed()), row.identity())
                    : row.secret();
            WebhookSecretCipher.Sealed sealed = cipher.seal(secret, row.identity());
            jdbc.sql("""
                    update webhook_secret set encrypted = true, secret = null, key_id = ?, sealed = ?
                    where endpoint_id = ? and serial = ?""")
                    .params(sealed.keyId(), sealed.bytes(), row.endpointId(), row.serial()).update();
        }
        return rows.size();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getObject("endpoint_id", UUID.class), rs.getInt("serial"), rs.getBoolean("encrypted"),
                rs.getString("secret"), rs.getString("key_id"), rs.getBytes("sealed"));
    }
}
