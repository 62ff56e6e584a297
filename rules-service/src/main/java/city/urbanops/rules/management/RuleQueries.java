package city.urbanops.rules.management;

import city.urbanops.rules.management.RuleRows.RuleRow;
import city.urbanops.rules.management.RuleViews.ChangeEntry;
import city.urbanops.rules.management.RuleViews.RuleDetail;
import city.urbanops.rules.management.RuleViews.RuleSummary;
import city.urbanops.rules.management.RuleViews.VersionDetail;
import city.urbanops.rules.management.RuleViews.VersionSummary;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleAccess;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What readers may ask about rules, within their scope: a rule is visible when the scope of its latest or its enabled
 * version intersects the reader's; otherwise it answers 404 like a rule that does not exist.
 */
@Component
class RuleQueries {

    private final RuleRepository rules;
    private final RuleDocumentCodec documents;

    RuleQueries(RuleRepository rules, RuleDocumentCodec documents) {
        this.rules = rules;
        this.documents = documents;
    }

    RuleDetail rule(String id, AccessScope reader) {
        return detail(visible(id, reader));
    }

    /** The rule as it is now (after a change by this reader, who may see it). */
    RuleDetail detail(RuleRow rule) {
        var latest = documents.tree(rules.version(rule.id(), rule.latestVersion()).orElseThrow().document());
        JsonNode enabled = !rule.enabled() ? null : rule.enabledVersion() == rule.latestVersion() ? latest
                : documents.tree(rules.version(rule.id(), rule.enabledVersion()).orElseThrow().document());
        return new RuleDetail(rule.id(), rule.createdBy(), rule.createdAt(), rule.latestVersion(),
                rule.enabledVersion(), rule.enabledAt(), rule.enabledBy(), enabled, latest);
    }

    RulePage<RuleSummary> list(Boolean enabled, String measurement, String district, AccessScope reader,
                               String afterId, int limit) {
        if (reader.departments().isEmpty() || reader.districts().isEmpty()) {
            return new RulePage<>(List.of(), null);
        }
        var query = new RuleListQuery(enabled, measurement, district, granted(reader.departments()),
                granted(reader.districts()));
        var fetched = rules.list(query, afterId, limit + 1).stream().map(listed -> {
            RuleDocument current = documents.read(listed.currentDocument());
            var rule = listed.rule();
            return new RuleSummary(rule.id(), current.name(), current.severity(), conditionType(current),
                    current.condition().measurementName().orElse(null), rule.latestVersion(), rule.enabledVersion(),
                    rule.enabledAt(), rule.enabledBy());
        }).toList();
        return RulePage.of(fetched, limit, RuleSummary::id);
    }

    RulePage<VersionSummary> versions(String id, AccessScope reader, Long afterVersion, int limit) {
        var rule = visible(id, reader);
        int after = afterVersion == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, afterVersion));
        var fetched = rules.versions(id, after, limit + 1).stream()
                .map(v -> new VersionSummary(v.version(), v.author(), v.createdAt(), v.reason(),
                        Objects.equals(rule.enabledVersion(), v.version())))
                .toList();
        return RulePage.of(fetched, limit, v -> Integer.toString(v.version()));
    }

    VersionDetail version(String id, int version, AccessScope reader) {
        var rule = visible(id, reader);
        var stored = rules.version(id, version)
                .orElseThrow(() -> new ResourceNotFoundException("Rule '" + id + "' has no version " + version + "."));
        return new VersionDetail(id, version, stored.author(), stored.createdAt(), stored.reason(),
                Objects.equals(rule.enabledVersion(), version), documents.tree(stored.document()));
    }

    RulePage<ChangeEntry> history(String id, AccessScope reader, Long beforeSeq, int limit) {
        visible(id, reader);
        var fetched = rules.history(id, beforeSeq, limit + 1).stream()
                .map(c -> new ChangeEntry(c.seq(), c.ruleId(), c.version(), c.action(), c.actor(), c.reason(), c.at()))
                .toList();
        return RulePage.of(fetched, limit, c -> Long.toString(c.seq()));
    }

    private RuleRow visible(String id, AccessScope reader) {
        var rule = rules.find(id).orElseThrow(() -> notFound(id));
        var latest = documents.read(rules.version(id, rule.latestVersion()).orElseThrow().document()).scope();
        boolean sees = RuleAccess.sees(reader, latest) || (rule.enabled() && RuleAccess.sees(reader,
                documents.read(rules.version(id, rule.enabledVersion()).orElseThrow().document()).scope()));
        if (!sees) {
            throw notFound(id);
        }
        return rule;
    }

    private static String conditionType(RuleDocument document) {
        return switch (document.condition()) {
            case Condition.Threshold t -> "threshold";
            case Condition.RateOfChange r -> "rate-of-change";
            case Condition.Absence a -> "absence";
            case Condition.StateHeld s -> "state-held";
            case Condition.GroupCount g -> "group-count";
        };
    }

    private static RuleListQuery.Granted granted(Set<String> names) {
        return new RuleListQuery.Granted(names.contains(AccessScope.ALL), names);
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("No rule '" + id + "'.");
    }
}
