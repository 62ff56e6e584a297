package city.urbanops.alerting.notification;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals webhook signing secrets with AES-256-GCM: a random 96-bit nonce per value, the row's identity (endpoint and
 * serial) as associated data, so a sealed value copied to another row does not open. The first configured key seals;
 * every configured key opens what it sealed. A key never appears in a message or a log line, only its id.
 */
final class WebhookSecretCipher {

    static final String SETTING = "urbanops.alerting.webhooks.encryption-keys";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A sealed secret: the id of the key that sealed it, and nonce followed by ciphertext and tag. */
    record Sealed(String keyId, byte[] bytes) { }

    private final Map<String, SecretKey> keys;
    private final String sealingKeyId;
    private final SecureRandom random = new SecureRandom();

    private WebhookSecretCipher(Map<String, SecretKey> keys) {
        this.keys = keys;
        this.sealingKeyId = keys.keySet().iterator().next();
    }

    /** Parses {@code id:base64} entries; refuses a missing, malformed, short or repeated key with what to fix. */
    static WebhookSecretCipher of(List<String> entries) {
        if (entries == null || entries.stream().allMatch(e -> e == null || e.isBlank())) {
            throw new IllegalStateException(SETTING + " is not set: webhook signing secrets are kept encrypted and "
                    + "the service needs a key to start. Give it one as id:base64 of 32 random bytes, e.g. "
                    + "k1:$(openssl rand -base64 32)");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        int position = 0;
        for (String entry : entries) {
            position++;
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).strip();
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(SETTING + " entry " + position + " must be id:base64 with an id of "
                        + "1-32 letters, digits, '.', '_' or '-'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(SETTING + " key '" + id + "' is not valid base64");
            }
            if (key.length != 32) {
                throw new IllegalStateException(SETTING + " key '" + id + "' must be 32 bytes (AES-256), not "
                        + key.length);
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalStateException(SETTING + " names key '" + id + "' twice");
            }
        }
        return new WebhookSecretCipher(keys);
    }

    String sealingKeyId() {
        return sealingKeyId;
    }

    boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    Sealed seal(String secret, String rowIdentity) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(sealingKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(rowIdentity.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new Sealed(sealingKeyId, ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce)
                    .put(ciphertext).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret with key '" + sealingKeyId + "'", e);
        }
    }

    /** The secret; a clear failure naming the key when the key is not configured or is not the one that sealed it. */
    String open(Sealed sealed, String rowIdentity) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("webhook secret " + rowIdentity + " is encrypted with key '"
                    + sealed.keyId() + "', which is not among " + SETTING);
        }
        if (sealed.bytes().length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("webhook secret " + rowIdentity + " is damaged (too short)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.bytes(), 0, NONCE_BYTES));
            cipher.updateAAD(rowIdentity.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.bytes(), NONCE_BYTES, sealed.bytes().length - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("webhook secret " + rowIdentity + " does not decrypt with key '"
                    + sealed.keyId() + "': the configured key of that id is not the one that encrypted it");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt webhook secret " + rowIdentity, e);
        }
    }

    /** What a sealed secret is bound to: its endpoint and serial. */
    static String rowIdentity(Object endpointId, int serial) {
        return endpointId + "/" + serial;
    }
}
