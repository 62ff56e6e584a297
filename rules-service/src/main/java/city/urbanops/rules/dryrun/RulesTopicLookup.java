package city.urbanops.rules.dryrun;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.rules.rule.RuleRelease;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * The versions in force, read from the compacted rules topic on each call: exactly what live evaluation runs. It
 * knows no other version, so through it only the enabled version of a rule can be dry-run; rule management's
 * catalog of stored versions is the full lookup.
 */
final class RulesTopicLookup implements RuleVersionLookup {

    private final HistoryConsumers consumers;
    private final EventJson json = new EventJson();

    RulesTopicLookup(HistoryConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public Optional<RuleRelease> version(String ruleId, int version) {
        return enabled(ruleId).filter(release -> release.version() == version);
    }

    @Override
    public Optional<RuleRelease> enabled(String ruleId) {
        var record = CompactedTopic.latest(consumers, Topics.RULES).get(ruleId);
        if (record == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.read(record.value(), RuleRelease.class));
        } catch (JacksonException unreadable) {
            throw new IllegalStateException("the rules topic holds a record for '" + ruleId
                    + "' that is not a rule release", unreadable);
        }
    }
}
