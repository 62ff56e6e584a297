package city.urbanops.rules.dryrun;

import city.urbanops.rules.dryrun.DryRunResult.Comparison;
import city.urbanops.rules.dryrun.DryRunResult.ConditionCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Sets the conditions two versions raised side by side. */
final class Comparisons {

    private Comparisons() {
    }

    /**
     * @param candidate how often the candidate raised each condition key
     * @param enabled   the same for the enabled version (empty when none is enabled)
     * @param maxListed most entries per list; the counts cover all
     */
    static Comparison of(Map<String, Long> candidate, Map<String, Long> enabled, int maxListed) {
        List<ConditionCount> onlyCandidate = new ArrayList<>();
        List<ConditionCount> onlyEnabled = new ArrayList<>();
        List<ConditionCount> both = new ArrayList<>();
        var keys = new TreeSet<String>(candidate.keySet());
        keys.addAll(enabled.keySet());
        long onlyCandidateCount = 0;
        long onlyEnabledCount = 0;
        long bothCount = 0;
        for (var key : keys) {
            var count = new ConditionCount(key, candidate.getOrDefault(key, 0L), enabled.getOrDefault(key, 0L));
            if (count.enabledRaised() == 0) {
                onlyCandidateCount++;
                addCapped(onlyCandidate, count, maxListed);
            } else if (count.candidateRaised() == 0) {
                onlyEnabledCount++;
                addCapped(onlyEnabled, count, maxListed);
            } else {
                bothCount++;
                addCapped(both, count, maxListed);
            }
        }
        return new Comparison(onlyCandidateCount, onlyEnabledCount, bothCount, List.copyOf(onlyCandidate),
                List.copyOf(onlyEnabled), List.copyOf(both));
    }

    private static void addCapped(List<ConditionCount> list, ConditionCount count, int maxListed) {
        if (list.size() < maxListed) {
            list.add(count);
        }
    }
}
