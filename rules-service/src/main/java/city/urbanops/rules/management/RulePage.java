package city.urbanops.rules.management;

import city.urbanops.security.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * One page of a list: the items and, when more follow, the opaque cursor that continues after the last one (the sort
 * key of the last item served, base64url behind a version tag, so a client only echoes what it was given).
 *
 * @param next null on the last page
 */
public record RulePage<T>(List<T> items, String next) {

    private static final String TAG = "r1:";

    public RulePage {
        items = List.copyOf(items);
    }

    /** The page of {@code fetched} (up to {@code limit + 1} items: the extra one only tells that more follow). */
    static <T> RulePage<T> of(List<T> fetched, int limit, Function<T, String> key) {
        if (fetched.size() <= limit) {
            return new RulePage<>(fetched, null);
        }
        var kept = fetched.subList(0, limit);
        return new RulePage<>(kept, Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TAG + key.apply(kept.getLast())).getBytes(StandardCharsets.UTF_8)));
    }

    /** The key a cursor continues after, or null for the first page; 400 naming {@code cursor} if it is not one. */
    static String keyOf(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            var decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(TAG) && decoded.length() > TAG.length()) {
                return decoded.substring(TAG.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below like any other cursor this service did not issue
        }
        throw notACursor();
    }

    /** The numeric key a cursor continues after, or null for the first page. */
    static Long numericKeyOf(String cursor) {
        var key = keyOf(cursor);
        try {
            return key == null ? null : Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw notACursor();
        }
    }

    /** The page size asked for, {@code fallback} when none; 400 naming {@code limit} outside 1..max. */
    static int limit(Integer requested, RulesManagementProperties properties) {
        if (requested == null) {
            return properties.defaultPageSize();
        }
        if (requested < 1 || requested > properties.maxPageSize()) {
            throw new InvalidRequestException("limit", "must be between 1 and " + properties.maxPageSize());
        }
        return requested;
    }

    /** 200 with the page and, when more follow, a {@code Link: rel="next"} to the next page of the same query. */
    ResponseEntity<RulePage<T>> response() {
        var response = ResponseEntity.ok();
        if (next != null) {
            var uri = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("cursor", next).build()
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + uri + ">; rel=\"next\"");
        }
        return response.body(this);
    }

    private static InvalidRequestException notACursor() {
        return new InvalidRequestException("cursor", "is not a cursor this service issued");
    }
}
