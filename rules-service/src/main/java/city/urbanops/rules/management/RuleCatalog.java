package city.urbanops.rules.management;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Read-only access to the stored rule versions for other features of rules-service (the dry run): any version by
 * number, and the version in force. Reads the database on every call; nothing is cached.
 */
@Component
public class RuleCatalog {

    private final RuleRepository rules;
    private final RuleDocumentCodec documents;

    RuleCatalog(RuleRepository rules, RuleDocumentCodec documents) {
        this.rules = rules;
        this.documents = documents;
    }

    /** Version {@code version} of rule {@code ruleId}; empty when either does not exist. */
    public Optional<StoredVersion> version(String ruleId, int version) {
        return rules.version(ruleId, version).map(this::stored);
    }

    /** The version of {@code ruleId} in force; empty when the rule does not exist or is disabled. */
    public Optional<StoredVersion> enabled(String ruleId) {
        return rules.find(ruleId).filter(RuleRows.RuleRow::enabled)
                .flatMap(rule -> rules.version(ruleId, rule.enabledVersion()))
                .map(this::stored);
    }

    private StoredVersion stored(RuleRows.VersionRow row) {
        return new StoredVersion(row.ruleId(), row.version(), documents.read(row.document()), row.author(),
                row.createdAt(), row.reason());
    }
}
