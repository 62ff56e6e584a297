package city.urbanops.rules.rule;

import city.urbanops.events.alert.AlertEvent.Severity;

/**
 * A rule as people write it (JSON, validated by {@code schemas/rule.json} and {@link RuleDocuments}): what to watch
 * for, on which devices, how severe it is and what a technician should do.
 */
public record RuleDocument(String name, String description, Severity severity, String recommendedAction, Scope scope,
                           Condition condition) {

    public RuleDocument {
        scope = scope == null ? Scope.everything() : scope;
    }
}
