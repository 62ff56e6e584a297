package city.urbanops.operatorapi.console;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.operatorapi.audit.AuditTrail;
import java.time.Clock;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the sign-in of a supervisor or an administrator (the roles that approve commands and change rules) in the
 * audit log. The entry's id is derived from the Keycloak session ({@code sid}) and the ID token's issue time, so a
 * replayed callback cannot add a second entry.
 */
@Component
public class SignInAudit {

    static final String ACTION = "session.signed-in";

    private final AuditTrail trail;
    private final Clock clock;

    SignInAudit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /** Whether a sign-in of this user is recorded: supervisors and administrators. */
    static boolean recorded(Authentication authentication) {
        return authentication.getAuthorities().stream().map(Object::toString)
                .anyMatch(a -> a.equals("ROLE_SUPERVISOR") || a.equals("ROLE_ADMIN"));
    }

    @Transactional
    public void signedIn(Authentication authentication) {
        if (!(authentication.getPrincipal() instanceof ConsoleUser user) || !recorded(authentication)) {
            return;
        }
        Object sid = user.getIdToken().getClaims().get("sid");
        String session = sid != null ? sid.toString() : user.getSubject();
        long issuedAt = user.getIssuedAt() == null ? 0 : user.getIssuedAt().getEpochSecond();
        trail.record(new AuditEvent("session:" + session + ":" + issuedAt + ":signed-in", "operator-api",
                clock.instant(), user.getName(), ACTION, "session", session, null, null,
                Map.of("roles", String.join(",", authentication.getAuthorities().stream()
                        .map(Object::toString).sorted().toList()))));
    }
}
