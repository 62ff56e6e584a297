package city.urbanops.rules.management;

import city.urbanops.events.alert.AlertEvent.Severity;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** What the rules API answers. */
final class RuleViews {

    private RuleViews() {
    }

    /**
     * A rule with its latest version and the version in force (null fields while disabled).
     *
     * @param enabledRule the document of the version in force
     * @param latestRule  the document of the latest version
     */
    record RuleDetail(String id, String createdBy, Instant createdAt, int latestVersion, Integer enabledVersion,
                      Instant enabledAt, String enabledBy, JsonNode enabledRule, JsonNode latestRule) {
    }

    /** A rule in a list, described by its current version (the one in force, or the latest while disabled). */
    record RuleSummary(String id, String name, Severity severity, String conditionType, String measurement,
                       int latestVersion, Integer enabledVersion, Instant enabledAt, String enabledBy) {
    }

    /** A version in a list, without its document. */
    record VersionSummary(int version, String author, Instant createdAt, String reason, boolean enabled) {
    }

    /** One version with its document. */
    record VersionDetail(String ruleId, int version, String author, Instant createdAt, String reason,
                         boolean enabled, JsonNode rule) {
    }

    /** One entry of a rule's audit trail. */
    record ChangeEntry(long seq, String ruleId, int version, RuleAction action, String actor, String reason,
                       Instant at) {
    }
}
