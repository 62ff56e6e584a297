package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent.Cause;
import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.alert.AlertEvent.EvidenceReading;
import city.urbanops.events.alert.AlertEvent.Signal;
import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.triage.AlertBook.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Group-count rules: per rule and group ({@code district:<d>} or {@code site:<s>}), the devices that went beyond the
 * level within the rule's window (event time). Enough of them are one incident of the group, listing each device and
 * its value; it clears when members leave or expire from the window. A member expires {@code window} after it went
 * beyond, judged on the wall clock minus the late grace in punctuation, so late readings still count.
 */
final class GroupCounter {

    private final RulesSettings settings;
    private final AlertBook book;
    private final KeyValueStore<String, Finding.GroupMember> members;

    GroupCounter(ProcessorContext<?, ?> context, RulesSettings settings, AlertBook book) {
        this.settings = settings;
        this.book = book;
        this.members = context.getStateStore(TriageStores.GROUPS);
    }

    /** The group a device belongs to under the rule; null when it has none (a device without a site). */
    static String groupOf(Finding.GroupMember member) {
        var device = member.device();
        return member.condition().groupBy() == Condition.GroupCount.GroupBy.SITE
                ? device.siteId() == null ? null : "site:" + device.siteId()
                : "district:" + device.district();
    }

    /** The condition key of a group's incident. */
    static String groupKey(String ruleId, String group) {
        return ruleId + "/" + group;
    }

    void member(Finding.GroupMember member, long receivedAt) {
        var group = groupOf(member);
        if (group == null) {
            return;
        }
        var ruleId = member.rule().ruleId();
        var key = TriageStores.key(ruleId, group, member.device().deviceId());
        if (member.beyond()) {
            var known = members.get(key);
            if (known == null || member.time().isAfter(known.time())) {
                members.put(key, member);
            }
        } else {
            members.delete(key);
        }
        judge(ruleId, group, member.time(), member.time(), receivedAt);
    }

    /** Members that went beyond longer than a window (plus the late grace) ago by the wall clock leave. */
    void punctuate(long now) {
        var groups = new LinkedHashSet<String>();
        try (var all = members.all()) {
            all.forEachRemaining(entry -> groups.add(entry.key.substring(0, entry.key.lastIndexOf(TriageStores.SEP))));
        }
        var horizon = Instant.ofEpochMilli(now).minus(settings.lateGrace());
        for (var prefix : groups) {
            var ruleId = prefix.substring(0, prefix.indexOf(TriageStores.SEP));
            var group = prefix.substring(prefix.indexOf(TriageStores.SEP) + 1);
            judge(ruleId, group, horizon, null, now);
        }
    }

    /**
     * Counts the group's members within the window ending at {@code reference}, drops the expired ones, and raises,
     * updates or clears the group's incident. {@code time} is the transition's event time (null: the expiry).
     */
    private void judge(String ruleId, String group, Instant reference, Instant time, long receivedAt) {
        var entries = NetworkFaults.entries(members, TriageStores.key(ruleId, group));
        // the window ends at the newest member at the latest: a member arriving late cannot stretch it back
        var end = entries.stream().map(entry -> entry.value.time()).filter(reference::isBefore)
                .max(Instant::compareTo).orElse(reference);
        var within = new ArrayList<Finding.GroupMember>();
        for (var entry : entries) {
            var member = entry.value;
            if (member.time().isBefore(end.minus(member.condition().window()))) {
                members.delete(entry.key);
            } else {
                within.add(member);
            }
        }
        var key = groupKey(ruleId, group);
        var open = book.open(key);
        var newest = within.stream().max(Comparator.comparing(Finding.GroupMember::time)).orElse(null);
        var at = time != null ? time : reference;
        if (newest == null || within.size() < newest.condition().atLeast()) {
            if (open != null) {
                book.clear(open, at, "only " + Wording.count(within.size(), "device") + " of " + group
                        + " beyond the level since " + Wording.clock(at), null, receivedAt);
            }
            return;
        }
        within.sort(Comparator.comparing(Finding.GroupMember::time));
        var verdict = verdict(newest.condition(), group, within);
        var evidence = evidence(newest.condition(), within);
        if (open == null) {
            var rule = newest.rule();
            var siteId = group.startsWith("site:") ? newest.device().siteId() : null;
            book.raise(Subject.ofGroup(key, rule.name() + " in " + group + " (" + within.size() + " devices)",
                            rule.severity(), rule.recommendedAction(), rule, newest.device(), siteId), verdict,
                    within.getFirst().time(), at, evidence, List.of(), 0, receivedAt);
        } else if (verdict.differsFrom(ConditionTriage.verdictOf(open))) {
            book.update(open, verdict, at, evidence, null, null, receivedAt);
        }
    }

    static Verdict verdict(Condition.GroupCount condition, String group, List<Finding.GroupMember> within) {
        var listed = within.stream().map(m -> m.device().deviceId() + " " + Wording.number(m.value())).toList();
        var explanation = within.size() + " devices of " + group + " " + condition.measurement() + " "
                + condition.direction().name().toLowerCase(Locale.ROOT) + " " + Wording.number(
                condition.value()) + " within " + Wording.duration(condition.window()) + ": " + Wording.names(listed);
        return new Verdict(Cause.INCIDENT, explanation, List.of(new Signal("group-count", within.size()
                + " independent devices beyond the level, " + condition.atLeast() + " needed")));
    }

    private static Evidence evidence(Condition.GroupCount condition, List<Finding.GroupMember> within) {
        var readings = within.stream().map(m -> new EvidenceReading(m.device().deviceId(), m.time(),
                condition.measurement(), m.value(), null, null)).toList();
        return new Evidence(within.size() + " devices of a " + condition.groupBy().name().toLowerCase(
                Locale.ROOT) + " " + condition.measurement() + " " + condition.direction().name()
                .toLowerCase(Locale.ROOT) + " " + Wording.number(condition.value()) + " within "
                + Wording.duration(condition.window()), Map.of("value", condition.value(),
                "atLeast", (double) condition.atLeast()), readings);
    }
}
