package city.urbanops.operatorapi.export;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.operatorapi.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records every export in the audit log before a byte of it leaves: who, which data, with which filters, how many
 * rows. An export whose entry cannot be written is not served. The entry's id is derived from the export itself (who,
 * what, the filters, the moment), so a retried write never adds a second one.
 */
@Component
public class ExportLog {

    public static final String ACTION = "data.exported";

    private final AuditTrail trail;

    ExportLog(AuditTrail trail) {
        this.trail = trail;
    }

    @Transactional
    public void exported(String kind, String actor, Map<String, String> filters, int rows, Instant at) {
        Map<String, String> details = new TreeMap<>();
        filters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                details.put("filter." + name, value.length() > 256 ? value.substring(0, 256) : value);
            }
        });
        details.put("rows", Integer.toString(rows));
        String id = "export:" + kind + ":" + actor + ":" + at.toEpochMilli() + ":" + digest(details.toString());
        trail.record(new AuditEvent(id, "operator-api", at, actor, ACTION, "export", kind, null, null, details));
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
