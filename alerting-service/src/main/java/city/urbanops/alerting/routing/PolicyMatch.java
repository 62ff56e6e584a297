package city.urbanops.alerting.routing;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a routing policy catches. Every criterion left empty (or null) matches anything; the criteria given must all
 * hold. Severity is either a minimum ({@code MAJOR} catches MAJOR and CRITICAL) or an explicit set, or both.
 * Time windows: the alert matches when the moment of routing falls in any of them.
 */
public record PolicyMatch(Set<String> departments, Set<String> districts, Severity minimumSeverity,
                          Set<Severity> severities, Set<Cause> causes, List<TimeWindow> timeWindows) {

    public PolicyMatch {
        departments = departments == null ? Set.of() : Set.copyOf(departments);
        districts = districts == null ? Set.of() : Set.copyOf(districts);
        severities = severities == null ? Set.of() : Set.copyOf(severities);
        causes = causes == null ? Set.of() : Set.copyOf(causes);
        timeWindows = timeWindows == null ? List.of() : List.copyOf(timeWindows);
    }

    /** Matches every alert at every moment. */
    public static PolicyMatch anything() {
        return new PolicyMatch(Set.of(), Set.of(), null, Set.of(), Set.of(), List.of());
    }

    public boolean matches(Alert alert, Instant at) {
        return among(departments, alert.department())
                && among(districts, alert.district())
                && (minimumSeverity == null
                        || (alert.severity() != null && alert.severity().compareTo(minimumSeverity) >= 0))
                && (severities.isEmpty() || severities.contains(alert.severity()))
                && (causes.isEmpty() || causes.contains(alert.cause()))
                && (timeWindows.isEmpty() || timeWindows.stream().anyMatch(window -> window.contains(at)));
    }

    private static boolean among(Set<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }
}
