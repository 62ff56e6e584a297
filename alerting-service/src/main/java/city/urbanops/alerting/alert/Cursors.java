package city.urbanops.alerting.alert;

import city.urbanops.security.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque page cursors of the API: the keyset position of a page's last item, base64url-encoded. A cursor that
 * does not decode is a 400 naming {@code cursor}, never a silent first page.
 */
final class Cursors {

    private Cursors() {
    }

    static String ofAlert(AlertQuery.Position position) {
        return encode(position.openedAt() + "|" + position.id());
    }

    static AlertQuery.Position alertPosition(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = decode(cursor).split("\\|", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("two parts expected");
            }
            return new AlertQuery.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this API issued");
        }
    }

    static String ofTimeline(long sequence) {
        return encode("t" + sequence);
    }

    static long timelinePosition(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String decoded = decode(cursor);
            if (!decoded.startsWith("t")) {
                throw new IllegalArgumentException("not a timeline cursor");
            }
            return Long.parseLong(decoded.substring(1));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this API issued");
        }
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor.length() > 200) {
            throw new IllegalArgumentException("too long");
        }
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    }
}
