package city.urbanops.operatorapi.audit;

import city.urbanops.security.AccessScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log's API: its entries (filtered, in the caller's scope, newest first) and the chain's verification. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "The tamper-evident audit log of every material action, and its verification")
class AuditController {

    static final String READERS = "hasAnyRole('SUPERVISOR', 'ADMIN', 'ANALYST')";
    static final String VERIFIERS = "hasAnyRole('SUPERVISOR', 'ADMIN')";

    private final AuditReading reading;
    private final AuditChainMonitor monitor;

    AuditController(AuditReading reading, AuditChainMonitor monitor) {
        this.reading = reading;
        this.monitor = monitor;
    }

    @GetMapping("/entries")
    @PreAuthorize(READERS)
    @Operation(summary = "Audit entries in the caller's scope, newest first, with filters and a cursor for the next page",
            description = "from is inclusive and to exclusive, on the action's time; limit at most 200 (default 50).")
    AuditReading.Page entries(@RequestParam(required = false) String actor,
                              @RequestParam(required = false) String action,
                              @RequestParam(required = false) String targetType,
                              @RequestParam(required = false) String targetId,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                              @RequestParam(required = false) String cursor,
                              @RequestParam(required = false) Integer limit,
                              AccessScope scope) {
        return reading.page(new AuditReading.Request(actor, action, targetType, targetId, from, to, cursor, limit),
                scope);
    }

    @GetMapping("/verify")
    @PreAuthorize(VERIFIERS)
    @Operation(summary = "Walk the whole chain now: intact, or the first broken entry (seq, eventId, what is wrong)",
            description = "200 whether intact or broken; the body's 'intact' says which.")
    ChainVerification verify() {
        return monitor.verifyNow();
    }
}
