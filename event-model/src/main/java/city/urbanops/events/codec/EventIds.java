package city.urbanops.events.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotence keys derived from what a record is, never random: the same fact produced twice (a batch re-sent after
 * an error PUBACK, a consumer that re-processes after a crash) gets the same CloudEvents id, so a consumer recognises
 * the copy. Ids are readable prefixes plus, where the fact is a blob, a SHA-256 digest of its bytes.
 */
public final class EventIds {

    /** Hex characters of the digest kept in an id: 128 bits, far beyond any chance collision. */
    private static final int DIGEST_HEX_CHARS = 32;

    private EventIds() {
    }

    /** A digest of {@code parts} and {@code blob} (read from its position, not consumed), as 32 hex characters. */
    public static String digest(ByteBuffer blob, Object... parts) {
        MessageDigest sha256 = sha256();
        for (Object part : parts) {
            byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        if (blob != null) {
            sha256.update(blob.duplicate());
        }
        return HexFormat.of().formatHex(sha256.digest()).substring(0, DIGEST_HEX_CHARS);
    }

    /** A digest of {@code parts} alone. */
    public static String digest(Object... parts) {
        return digest(null, parts);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }
}
