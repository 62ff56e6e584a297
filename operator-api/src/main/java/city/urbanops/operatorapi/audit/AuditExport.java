package city.urbanops.operatorapi.audit;

import city.urbanops.operatorapi.export.Csv;
import city.urbanops.operatorapi.export.ExportProperties;
import city.urbanops.operatorapi.export.ExportTooLarge;
import city.urbanops.security.AccessScope;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The audit entries an export holds: the same reading, filters and scope as {@code GET /api/v1/audit/entries}, newest
 * first, at most {@link ExportProperties#maxRows()} entries, else {@link ExportTooLarge}. Each row carries its hash
 * and its predecessor's, so an exported file can be checked against the chain later.
 */
@Component
public class AuditExport {

    static final List<String> COLUMNS = List.of("seq", "event_id", "source", "at", "recorded_at", "actor", "action",
            "target_type", "target_id", "department", "district", "details", "prev_hash", "hash");

    private final AuditReading reading;
    private final AuditProperties audit;
    private final ExportProperties properties;

    AuditExport(AuditReading reading, AuditProperties audit, ExportProperties properties) {
        this.reading = reading;
        this.audit = audit;
        this.properties = properties;
    }

    public List<AuditEntry> entries(String actor, String action, String targetType, String targetId, Instant from,
                                    Instant to, AccessScope scope) {
        List<AuditEntry> entries = new ArrayList<>();
        String cursor = null;
        do {
            AuditReading.Page page = reading.page(new AuditReading.Request(actor, action, targetType, targetId, from,
                    to, cursor, audit.maxLimit()), scope);
            entries.addAll(page.items());
            if (entries.size() > properties.maxRows()) {
                throw new ExportTooLarge(properties.maxRows());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return entries;
    }

    public static String csv(List<AuditEntry> entries) {
        StringWriter text = new StringWriter();
        Csv csv = new Csv(text);
        csv.row(COLUMNS);
        for (AuditEntry e : entries) {
            String details = new java.util.TreeMap<>(e.details()).entrySet().stream()
                    .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("; "));
            csv.row(Arrays.asList(e.seq(), e.eventId(), e.source(), e.at(), e.recordedAt(), e.actor(), e.action(),
                    e.targetType(), e.targetId(), e.department(), e.district(), details, e.prevHash(), e.hash()));
        }
        return text.toString();
    }
}
