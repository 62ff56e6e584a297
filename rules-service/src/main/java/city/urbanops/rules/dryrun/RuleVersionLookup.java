package city.urbanops.rules.dryrun;

import city.urbanops.rules.rule.RuleRelease;
import java.util.Optional;

/** What the dry run needs from rule management: a stored version of a rule, and the version in force. */
public interface RuleVersionLookup {

    /** Version {@code version} of rule {@code ruleId}, as it would be released; empty when either does not exist. */
    Optional<RuleRelease> version(String ruleId, int version);

    /** The version of {@code ruleId} in force now; empty when the rule does not exist or is disabled. */
    Optional<RuleRelease> enabled(String ruleId);
}
