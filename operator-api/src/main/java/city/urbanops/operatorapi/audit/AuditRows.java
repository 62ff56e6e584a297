package city.urbanops.operatorapi.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code audit_entry} rows into {@link AuditEntry}s, exactly as the hash was computed over them. */
final class AuditRows {

    static final String COLUMNS = "seq, event_id, source, at, recorded_at, actor, action, target_type, target_id,"
            + " department, district, details::text as details, prev_hash, hash";

    /** Key under which details that are no longer a map of strings are kept, so the hash check fails visibly. */
    static final String UNREADABLE_DETAILS = "<unreadable details>";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };

    private AuditRows() {
    }

    static AuditEntry entry(ResultSet rs, int rowNum) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), rs.getString("event_id"), rs.getString("source"),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("target_type"),
                rs.getString("target_id"), rs.getString("department"), rs.getString("district"),
                details(rs.getString("details")), rs.getString("prev_hash"), rs.getString("hash"));
    }

    // Someone who rewrote a row may have left details no map of strings reads: keep them, so the hash fails.
    private static Map<String, String> details(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, String> details = JSON.readValue(json, DETAILS);
            if (details != null && !details.containsValue(null)) {
                return details;
            }
        } catch (JacksonException unreadable) {
            // fall through: the raw text stands in for the details
        }
        return Map.of(UNREADABLE_DETAILS, json);
    }
}
