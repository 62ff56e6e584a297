package city.urbanops.rules.management;

import city.urbanops.rules.rule.RuleDocument;
import java.time.Instant;

/** One immutable version of a rule as the database keeps it: the document, who wrote it, when and why. */
public record StoredVersion(String ruleId, int version, RuleDocument document, String author, Instant createdAt,
                            String reason) {
}
