package city.urbanops.operatorapi.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an entry's hash is made: SHA-256 over every field of the entry in a fixed order, each length-prefixed so no two
 * different entries give the same input, the details sorted by key, and the previous entry's hash last. Verifying the
 * chain recomputes exactly this.
 */
final class AuditHashes {

    /** The predecessor of the first entry. */
    static final String GENESIS = "0".repeat(64);

    private AuditHashes() {
    }

    static String hash(AuditEntry entry) {
        var input = new StringBuilder();
        field(input, Long.toString(entry.seq()));
        field(input, entry.eventId());
        field(input, entry.source());
        field(input, entry.at().toString());
        field(input, entry.recordedAt().toString());
        field(input, entry.actor());
        field(input, entry.action());
        field(input, entry.targetType());
        field(input, entry.targetId());
        field(input, entry.department());
        field(input, entry.district());
        Map<String, String> details = new TreeMap<>(entry.details());
        field(input, Integer.toString(details.size()));
        details.forEach((k, v) -> {
            field(input, k);
            field(input, v);
        });
        field(input, entry.prevHash());
        return sha256(input.toString());
    }

    private static void field(StringBuilder input, String value) {
        if (value == null) {
            input.append("-1:");
        } else {
            input.append(value.length()).append(':').append(value);
        }
        input.append('|');
    }

    private static String sha256(String input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
