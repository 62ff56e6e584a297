package city.urbanops.registry.web;

import city.urbanops.security.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: the sort key of the last item served, base64url-encoded behind a version tag, so clients
 * cannot build one and the encoding can change without breaking a client that only echoes what it was given.
 */
public final class Cursors {

    private static final String TAG = "c1:";

    private Cursors() {
    }

    /** The cursor that continues after {@code lastKey}. */
    public static String after(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TAG + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor continues after, or null for the first page; 400 naming {@code cursor} if it is not one. */
    public static String keyOf(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(TAG) && decoded.length() > TAG.length()) {
                return decoded.substring(TAG.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below like any other cursor this service did not issue
        }
        throw new InvalidRequestException("cursor", "is not a cursor this service issued");
    }

    /** The numeric key a cursor continues after (history ids), or null for the first page. */
    public static Long numericKeyOf(String cursor) {
        String key = keyOf(cursor);
        if (key == null) {
            return null;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this service issued");
        }
    }
}
