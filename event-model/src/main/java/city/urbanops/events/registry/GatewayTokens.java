package city.urbanops.events.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Gateway secrets: 256 random bits, issued by the registry, shown once, stored and published only as SHA-256. A fast
 * hash is right for a machine token with 256 bits of entropy (nothing to brute-force), where a slow password hash
 * would make a reconnect storm of thousands of gateways cost minutes of CPU at the MQTT edge.
 */
public final class GatewayTokens {

    /** Every secret starts with this, so secret scanners and log checks recognise one. */
    public static final String PREFIX = "uogw_";
    private static final int RANDOM_BYTES = 32;

    private GatewayTokens() {
    }

    /** A new secret: {@link #PREFIX} and 32 random bytes, base64url without padding (48 characters). */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of the secret's UTF-8 bytes. */
    public static String sha256Hex(String secret) {
        return sha256Hex(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Lowercase hex SHA-256 of the bytes a gateway presented (the MQTT password). */
    public static String sha256Hex(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }
}
