package city.urbanops.rules.evaluation;

import city.urbanops.rules.topology.RuleRef;
import java.time.Instant;

/**
 * What is stored per rule and device ({@code ruleId|deviceId}): the rule version that judged last, its tracking, and
 * the open condition if there is one. {@code raisedAt} is set while the condition holds; {@code announced} says
 * whether triage has been told (a condition found while replaying old readings is held open silently, see
 * {@link LateGrace}). The key does not include the version, so a new version keeps an open condition open.
 */
record RuleCondition(RuleRef rule, Tracking tracking, Instant raisedAt, boolean announced) {

    boolean open() {
        return raisedAt != null;
    }
}
