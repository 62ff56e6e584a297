package city.urbanops.rules.dryrun;

import city.urbanops.events.alert.AlertEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a rule version would have raised over recorded history, side by side with the version enabled now.
 *
 * @param historyStartsAt set when retention had already removed part of the range: complete history begins here
 * @param enabled         the same replay for the version in force; null when the rule has none enabled
 * @param recordsScanned  records read from Kafka in the range, those outside the rules' scopes included
 * @param recordsReplayed records fed to the topology (readings in scope, their gateways' status)
 * @param truncation      set when a bound stopped the replay before {@code to}: everything up to
 *                        {@code truncation.stoppedAt} was replayed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DryRunResult(String ruleId, Instant from, Instant to, Instant historyStartsAt, VersionResult candidate,
                           VersionResult enabled, Comparison comparison, long recordsScanned, long recordsReplayed,
                           long durationMillis, boolean truncated, Truncation truncation) {

    /**
     * What one version raised.
     *
     * @param alerts        every alert transition in the order the topology wrote them, at most the configured number
     *                      ({@code alertsOmitted} counts the rest)
     * @param transitions   all transitions written, listed or not
     * @param raisedPerDay  RAISED transitions per UTC day of {@code raisedAt}
     * @param raisedByCause occurrences raised, by the cause triage gave them last (it revises a cause while the
     *                      condition is open)
     * @param undecodable   history records the topology could not decode (it dead-letters them live)
     */
    public record VersionResult(int version, List<DryRunAlert> alerts, long transitions, long alertsOmitted,
                                Map<LocalDate, Long> raisedPerDay, Map<AlertEvent.Cause, Long> raisedByCause,
                                long undecodable) {
    }

    /** One alert transition as the dry run reports it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DryRunAlert(AlertEvent.Transition transition, String conditionKey, String alertId, int revision,
                              Instant raisedAt, Instant time, AlertEvent.Cause cause, String causeExplanation,
                              AlertEvent.Severity severity, String deviceId, String gatewayId, String district) {

        static DryRunAlert of(AlertEvent alert) {
            return new DryRunAlert(alert.transition(), alert.conditionKey(), alert.alertId(), alert.revision(),
                    alert.raisedAt(), alert.time(), alert.cause(), alert.causeExplanation(), alert.severity(),
                    alert.deviceId(), alert.gatewayId(), alert.district());
        }
    }

    /**
     * Conditions (by condition key: the rule and its device or group) raised by the candidate only, by the enabled
     * version only, and by both, with how often each raised it. Each list holds at most the configured number of
     * entries; the counts are complete.
     */
    public record Comparison(long onlyCandidateCount, long onlyEnabledCount, long bothCount,
                             List<ConditionCount> onlyCandidate, List<ConditionCount> onlyEnabled,
                             List<ConditionCount> both) {
    }

    /** How many times each version raised one condition in the range. */
    public record ConditionCount(String conditionKey, long candidateRaised, long enabledRaised) {
    }

    /** Where and why a bound stopped the replay. */
    public record Truncation(Reason reason, Instant stoppedAt) {
        public enum Reason { MAX_RECORDS, TIME_LIMIT }
    }
}
