package city.urbanops.rules.rule;

import java.time.Instant;

/**
 * The version of a rule that is in force, as every rules instance learns it from the compacted rules topic (keyed by
 * {@code ruleId}; a tombstone when the rule is disabled). The value is this record as JSON.
 */
public record RuleRelease(String ruleId, int version, RuleDocument document, Instant enabledAt, String enabledBy) {

    /** The condition key of this rule for one subject (a device id, or a group such as {@code district:north}). */
    public String conditionKey(String subject) {
        return ruleId + "/" + subject;
    }
}
