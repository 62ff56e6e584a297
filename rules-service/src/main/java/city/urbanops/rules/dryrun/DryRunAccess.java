package city.urbanops.rules.dryrun;

import city.urbanops.rules.rule.Scope;
import city.urbanops.security.AccessScope;
import java.util.List;
import java.util.Set;

/**
 * Whether a caller may dry-run a rule: its scope's departments and districts must meet the caller's (a token's
 * {@code departments}/{@code districts} claims). A rule naming no department (or district) applies to all of them, so
 * anyone with some department sees it. The same rule as rule management's for reading a rule: a rule a caller cannot
 * read does not exist for them (404).
 */
final class DryRunAccess {

    private DryRunAccess() {
    }

    static boolean sees(AccessScope caller, Scope rule) {
        return intersects(caller.departments(), rule.departments()) && intersects(caller.districts(), rule.districts());
    }

    private static boolean intersects(Set<String> granted, List<String> named) {
        return !granted.isEmpty() && (granted.contains(AccessScope.ALL) || named.isEmpty()
                || named.stream().anyMatch(granted::contains));
    }
}
