package city.urbanops.alerting.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Issues and checks acknowledge links: {@code base64url(alert id, recipient, expiry, nonce) "." base64url(HMAC-SHA256)}
 * under the server key. Bound to one alert and one recipient, expiring; single use is the caller's part (it records
 * {@link Claim#digest()}, never the token).
 */
@Component
class AckLinks {

    private static final Logger log = LoggerFactory.getLogger(AckLinks.class);
    /** Longer strings are refused before any decoding: a real token is a few hundred characters. */
    static final int MAX_TOKEN_LENGTH = 1024;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;

    AckLinks(NotificationProperties properties) {
        if (properties.linkSecret() == null || properties.linkSecret().isBlank()) {
            log.warn("urbanops.alerting.notification.link-secret is not set: acknowledge links are signed with a "
                    + "random key of this process and stop working when it restarts; set it in every deployment");
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else {
            key = properties.linkSecret().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What a genuine token says. */
    record Claim(UUID alertId, String recipient, Instant expiresAt, String digest) { }

    /** The outcome of checking a token's signature and expiry. */
    sealed interface Verdict {
        record Genuine(Claim claim) implements Verdict { }
        record Expired(Claim claim) implements Verdict { }
        record Forged() implements Verdict { }
    }

    /** A token for {@code recipient} to acknowledge {@code alertId}; {@code nonce} tells two links apart. */
    String issue(UUID alertId, String recipient, Instant expiresAt, String nonce) {
        if (recipient.indexOf('\n') >= 0 || nonce.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("recipient and nonce must be single-line");
        }
        String payload = alertId + "\n" + recipient + "\n" + expiresAt.getEpochSecond() + "\n" + nonce;
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(body) + "." + B64.encodeToString(mac(body));
    }

    Verdict check(String token, Instant now) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return new Verdict.Forged();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return new Verdict.Forged();
        }
        try {
            byte[] body = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(body), signature)) {
                return new Verdict.Forged();
            }
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 4) {
                return new Verdict.Forged();
            }
            Claim claim = new Claim(UUID.fromString(parts[0]), parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])),
                    digest(body));
            return now.isBefore(claim.expiresAt()) ? new Verdict.Genuine(claim) : new Verdict.Expired(claim);
        } catch (IllegalArgumentException malformed) {
            return new Verdict.Forged();
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
