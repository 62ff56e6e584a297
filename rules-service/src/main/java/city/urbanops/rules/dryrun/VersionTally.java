package city.urbanops.rules.dryrun;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.rules.dryrun.DryRunResult.DryRunAlert;
import city.urbanops.rules.dryrun.DryRunResult.VersionResult;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adds up the alerts one version's replay wrote, keeping at most {@code maxListed} of them in full. */
final class VersionTally {

    private final int version;
    private final int maxListed;
    private final List<DryRunAlert> listed = new ArrayList<>();
    private final Map<LocalDate, Long> raisedPerDay = new TreeMap<>();
    private final Map<String, AlertEvent.Cause> lastCauseByOccurrence = new HashMap<>();
    private final Map<String, Long> raisedByCondition = new HashMap<>();
    private long transitions;

    VersionTally(int version, int maxListed) {
        this.version = version;
        this.maxListed = maxListed;
    }

    void add(AlertEvent alert) {
        transitions++;
        if (listed.size() < maxListed) {
            listed.add(DryRunAlert.of(alert));
        }
        if (alert.transition() == AlertEvent.Transition.RAISED) {
            raisedPerDay.merge(alert.raisedAt().atZone(ZoneOffset.UTC).toLocalDate(), 1L, Long::sum);
            raisedByCondition.merge(alert.conditionKey(), 1L, Long::sum);
            lastCauseByOccurrence.put(alert.alertId(), alert.cause());
        } else if (lastCauseByOccurrence.containsKey(alert.alertId()) && alert.cause() != null) {
            lastCauseByOccurrence.put(alert.alertId(), alert.cause());
        }
    }

    void addAll(List<AlertEvent> alerts) {
        alerts.forEach(this::add);
    }

    /** How often each condition key was raised. */
    Map<String, Long> raisedByCondition() {
        return Map.copyOf(raisedByCondition);
    }

    VersionResult result(long undecodable) {
        var byCause = new EnumMap<AlertEvent.Cause, Long>(AlertEvent.Cause.class);
        lastCauseByOccurrence.values().stream().filter(java.util.Objects::nonNull)
                .forEach(cause -> byCause.merge(cause, 1L, Long::sum));
        return new VersionResult(version, List.copyOf(listed), transitions, transitions - listed.size(),
                new TreeMap<>(raisedPerDay), byCause, undecodable);
    }
}
