package city.urbanops.alerting.alert;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.security.AccessScope;
import java.time.Instant;
import java.util.UUID;

/** A listing of alerts: the filters a caller chose, the caller's scope, and where the previous page ended. */
record AlertQuery(AlertStatus status, AlertEvent.Severity severity, AlertEvent.Cause cause, String department,
                  String district, Instant from, Instant to, AccessScope scope, Position after) {

    /** The keyset position of the last alert on a page (newest first). */
    record Position(Instant openedAt, UUID id) {
    }
}
