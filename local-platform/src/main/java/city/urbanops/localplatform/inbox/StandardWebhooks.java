package city.urbanops.localplatform.inbox;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a call signed the Standard Webhooks way (standardwebhooks.com): {@code webhook-signature} lists one or more
 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} separated by spaces (several during a secret rotation), and
 * the call is genuine when any of them matches any secret the receiver holds. {@code webhook-timestamp} (Unix seconds)
 * must be within {@code tolerance} of now either way, so a captured call cannot be replayed later.
 */
public final class StandardWebhooks {

    /** The tolerance the spec's reference libraries use. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private StandardWebhooks() {
    }

    /** Whether a call is genuine, and if not, why (never quoting a secret). */
    public sealed interface Verdict {
        boolean valid();

        String describe();
    }

    /** A signature matched the secret at {@code secretIndex} of the receiver's list. */
    public record Genuine(int secretIndex) implements Verdict {
        @Override
        public boolean valid() {
            return true;
        }

        @Override
        public String describe() {
            return "valid";
        }
    }

    /** The call is refused: {@code reason} says what was wrong. */
    public record Refused(String reason) implements Verdict {
        @Override
        public boolean valid() {
            return false;
        }

        @Override
        public String describe() {
            return "invalid: " + reason;
        }
    }

    public static Verdict verify(String id, String timestamp, String signatures, byte[] body,
                                 List<WebhookSecret> secrets, Instant now, Duration tolerance) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            return new Refused("missing webhook-id, webhook-timestamp or webhook-signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new Refused("webhook-timestamp is not a whole number of seconds");
        }
        long skew = now.getEpochSecond() - seconds;
        if (Math.abs(skew) > tolerance.toSeconds()) {
            return new Refused("webhook-timestamp is %d s %s, beyond the tolerance of %d s"
                    .formatted(Math.abs(skew), skew > 0 ? "old" : "in the future", tolerance.toSeconds()));
        }
        if (secrets.isEmpty()) {
            return new Refused("the receiver holds no secret yet");
        }
        byte[] signed = (id + "." + timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < secrets.size(); i++) {
            byte[] expected = hmac(secrets.get(i), signed, body);
            for (String entry : signatures.trim().split(" +")) {
                if (entry.startsWith("v1,") && MessageDigest.isEqual(expected, decode(entry.substring(3)))) {
                    return new Genuine(i);
                }
            }
        }
        return new Refused("no v1 signature matches a secret of this receiver");
    }

    private static byte[] hmac(WebhookSecret secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
