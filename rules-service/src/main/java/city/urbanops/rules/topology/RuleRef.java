package city.urbanops.rules.topology;

import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.rules.rule.RuleRelease;

/** The rule version behind a finding, with what its alert needs to say. */
public record RuleRef(String ruleId, int version, String name, Severity severity, String recommendedAction) {

    public static RuleRef of(RuleRelease release) {
        var document = release.document();
        return new RuleRef(release.ruleId(), release.version(), document.name(), document.severity(),
                document.recommendedAction());
    }
}
