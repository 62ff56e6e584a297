package city.urbanops.operatorapi.export;

import city.urbanops.security.AccessScope;
import java.time.Instant;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * CSV exports for integrators and analysts. Each is recorded in the audit log (who, what, filters, rows) before it is
 * served, holds only what the caller may see, and at most {@code urbanops.operator.exports.max-rows} rows.
 */
@RestController
@RequestMapping("/api/v1/exports")
class ExportsApiController {

    static final String ALERT_EXPORTERS = "hasAnyRole('OPERATOR','SUPERVISOR','ANALYST','ADMIN','INTEGRATOR')";
    static final String AUDIT_EXPORTERS = "hasAnyRole('SUPERVISOR','ADMIN','ANALYST')";

    private final Exports exports;

    ExportsApiController(Exports exports) {
        this.exports = exports;
    }

    /** Alerts with alerting's filters ({@code status, severity, cause, department, district, from, to}). */
    @GetMapping("/alerts.csv")
    @PreAuthorize(ALERT_EXPORTERS)
    org.springframework.http.ResponseEntity<byte[]> alerts(@RequestParam Map<String, String> filters,
                                                           Authentication authentication) {
        return exports.alerts(filters, authentication.getName());
    }

    /** Audit entries with the audit API's filters. */
    @GetMapping("/audit.csv")
    @PreAuthorize(AUDIT_EXPORTERS)
    org.springframework.http.ResponseEntity<byte[]> audit(
            @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            AccessScope scope, Authentication authentication) {
        return exports.audit(new Exports.AuditFilters(actor, action, targetType, targetId, from, to), scope,
                authentication.getName());
    }
}
