package city.urbanops.operatorapi.audit;

import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Reading the audit log a page at a time, for the API and the console alike: checks the request (limit, filter
 * lengths, from before to, the cursor) and answers one page with the cursor of the next. A refused request is a 400
 * naming the field.
 */
@org.springframework.stereotype.Component
class AuditReading {

    /** The longest filter value accepted; the stored values are no longer (schema bounds). */
    static final int MAX_FILTER_LENGTH = 256;

    /** One page of entries, newest first; {@code nextCursor} is null on the last page. */
    record Page(List<AuditEntry> items, String nextCursor) {
    }

    /** What a reader asked for, as it came. */
    record Request(String actor, String action, String targetType, String targetId, Instant from, Instant to,
                   String cursor, Integer limit) {
    }

    private final AuditEntries entries;
    private final AuditProperties properties;

    AuditReading(AuditEntries entries, AuditProperties properties) {
        this.entries = entries;
        this.properties = properties;
    }

    Page page(Request request, AccessScope scope) {
        int limit = limit(request.limit());
        if (request.from() != null && request.to() != null && !request.from().isBefore(request.to())) {
            throw new InvalidRequestException("from", "must be before 'to'");
        }
        var query = new AuditQuery(filter("actor", request.actor()), filter("action", request.action()),
                filter("targetType", request.targetType()), filter("targetId", request.targetId()),
                request.from(), request.to(), scope, cursorPosition(request.cursor()));
        List<AuditEntry> found = entries.page(query, limit + 1);
        List<AuditEntry> items = found.stream().limit(limit).toList();
        return new Page(items, found.size() > limit ? cursor(items.getLast().seq()) : null);
    }

    private int limit(Integer limit) {
        if (limit == null) {
            return Math.min(properties.defaultLimit(), properties.maxLimit());
        }
        if (limit < 1 || limit > properties.maxLimit()) {
            throw new InvalidRequestException("limit", "must be between 1 and " + properties.maxLimit());
        }
        return limit;
    }

    private static String filter(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH) {
            throw new InvalidRequestException(field, "must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidRequestException(field, "must not contain U+0000");
        }
        return value.strip();
    }

    static String cursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static Long cursorPosition(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            if (cursor.length() > 40) {
                throw new IllegalArgumentException("too long");
            }
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith("s")) {
                throw new IllegalArgumentException("not an audit cursor");
            }
            return Long.parseLong(decoded.substring(1));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this API issued");
        }
    }
}
