package city.urbanops.rules.rule;

import city.urbanops.security.AccessScope;
import java.util.List;
import java.util.Set;

/**
 * Which rules a caller may see and change, by the departments and districts of the rule's scope against the token's.
 * A rule that names no department (or no district) applies to all of them: everybody with some department sees it,
 * and only a caller granted every department ({@code *}) may change it. Rule management and the dry run both ask it, so
 * a rule a caller cannot read is one they cannot dry-run either.
 */
public final class RuleAccess {

    private RuleAccess() {
    }

    /** Whether the rule's scope intersects the caller's: otherwise the rule does not exist for them (404). */
    public static boolean sees(AccessScope caller, Scope rule) {
        return intersects(caller.departments(), rule.departments())
                && intersects(caller.districts(), rule.districts());
    }

    /** Whether the rule's scope lies within the caller's, so the caller may change it. */
    public static boolean covers(AccessScope caller, Scope rule) {
        return within(caller.departments(), rule.departments()) && within(caller.districts(), rule.districts());
    }

    private static boolean intersects(Set<String> granted, List<String> named) {
        return !granted.isEmpty() && (granted.contains(AccessScope.ALL) || named.isEmpty()
                || named.stream().anyMatch(granted::contains));
    }

    private static boolean within(Set<String> granted, List<String> named) {
        return granted.contains(AccessScope.ALL) || (!named.isEmpty() && granted.containsAll(named));
    }
}
