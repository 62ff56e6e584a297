package city.urbanops.operatorapi.audit;

import city.urbanops.security.AccessScope;
import java.time.Instant;

/**
 * Which audit entries a reader asks for: all filters optional ({@code from} inclusive, {@code to} exclusive, on the
 * action's time), within the reader's scope, strictly before seq {@code before} (the keyset cursor; null = newest).
 */
record AuditQuery(String actor, String action, String targetType, String targetId, Instant from, Instant to,
                  AccessScope scope, Long before) {
}
