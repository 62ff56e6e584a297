package city.urbanops.operatorapi.export;

import city.urbanops.operatorapi.audit.AuditExport;
import city.urbanops.security.AccessScope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The two exports, the same for the API and the console: read what the user may see (alerts from alerting with their
 * own token; audit entries in their scope), refuse more than the bound, record the export in the audit log, then
 * answer the CSV as an attachment.
 */
@Component
public class Exports {

    /** The audit entry filters an export takes. */
    public record AuditFilters(String actor, String action, String targetType, String targetId, Instant from,
                               Instant to) {
        Map<String, String> asMap() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("actor", actor);
            map.put("action", action);
            map.put("targetType", targetType);
            map.put("targetId", targetId);
            map.put("from", from == null ? null : from.toString());
            map.put("to", to == null ? null : to.toString());
            return map;
        }
    }

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final AlertExport alerts;
    private final AuditExport audit;
    private final ExportLog log;
    private final Clock clock;

    Exports(AlertExport alerts, AuditExport audit, ExportLog log, Clock clock) {
        this.alerts = alerts;
        this.audit = audit;
        this.log = log;
        this.clock = clock;
    }

    public ResponseEntity<byte[]> alerts(Map<String, String> request, String actor) {
        Map<String, String> filters = AlertExport.filters(request);
        var found = alerts.alerts(filters);
        Instant now = clock.instant();
        log.exported("alerts", actor, filters, found.size(), now);
        return attachment("alerts", AlertExport.csv(found), now);
    }

    public ResponseEntity<byte[]> audit(AuditFilters filters, AccessScope scope, String actor) {
        var found = audit.entries(filters.actor(), filters.action(), filters.targetType(), filters.targetId(),
                filters.from(), filters.to(), scope);
        Instant now = clock.instant();
        log.exported("audit", actor, filters.asMap(), found.size(), now);
        return attachment("audit", AuditExport.csv(found), now);
    }

    private static ResponseEntity<byte[]> attachment(String kind, String csv, Instant at) {
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("urbanops-" + kind + "-" + FILE_TIME.format(at) + ".csv").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }
}
