package city.urbanops.rules.management;

import java.time.Instant;

/** The rows of the rule tables as the repository reads them. */
final class RuleRows {

    private RuleRows() {
    }

    /** A rule: its versions' counter and which one is in force (all three enabled fields null when disabled). */
    record RuleRow(String id, String createdBy, Instant createdAt, int latestVersion, Integer enabledVersion,
                   Instant enabledAt, String enabledBy) {

        boolean enabled() {
            return enabledVersion != null;
        }
    }

    /** A version; {@code document} is the stored JSON, null where a listing leaves it out. */
    record VersionRow(String ruleId, int version, String document, String author, Instant createdAt, String reason) {
    }

    /** One entry of the audit trail. */
    record ChangeRow(long seq, String ruleId, int version, RuleAction action, String actor, String reason,
                     Instant at) {
    }

    /** A rule with the document of its current version (the enabled one, or the latest while disabled). */
    record ListedRule(RuleRow rule, String currentDocument) {
    }
}
