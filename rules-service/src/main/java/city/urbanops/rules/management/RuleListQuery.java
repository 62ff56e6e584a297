package city.urbanops.rules.management;

import java.util.Set;

/**
 * A listing of rules: the filters a reader gave (null = not filtered) and the reader's scope.
 *
 * @param enabled     only enabled (true) or only disabled (false) rules
 * @param measurement only rules whose current version reads this measurement
 * @param district    only rules whose current version applies in this district (naming it, or naming no district)
 */
record RuleListQuery(Boolean enabled, String measurement, String district, Granted departments, Granted districts) {

    /** The names a reader is granted in one dimension; {@code all} for the wildcard. */
    record Granted(boolean all, Set<String> names) {
    }
}
