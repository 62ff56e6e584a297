package city.urbanops.localplatform.inbox;

import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret, {@code whsec_<base64>}: the key is the base64 part decoded. Its text never
 * leaves this object ({@link #toString()} hides it), so a secret kept in the receiver's memory cannot reach a log.
 */
public final class WebhookSecret {

    static final String PREFIX = "whsec_";
    /** The spec asks for 24–64 random bytes; anything shorter than 16 is refused as too weak to verify with. */
    static final int MIN_BYTES = 16;
    static final int MAX_BYTES = 256;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** Parses {@code whsec_<base64>}; a wrong prefix, bad base64 or a key outside 16–256 bytes is refused. */
    public static WebhookSecret parse(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            // The message of the decoder's exception could quote the secret: say only what is wrong.
            throw new IllegalArgumentException("a webhook secret's part after " + PREFIX + " must be base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a webhook secret's key must be %d..%d bytes, was %d"
                    .formatted(MIN_BYTES, MAX_BYTES, key.length));
        }
        return new WebhookSecret(key);
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret secret && Arrays.equals(key, secret.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return PREFIX + "…(" + key.length + " bytes, hidden)";
    }
}
