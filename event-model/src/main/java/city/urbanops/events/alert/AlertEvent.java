package city.urbanops.events.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One transition of an alert condition on the {@code alerts} topic, keyed by {@code conditionKey}: rules-service
 * raises a condition, updates it while it is open (new evidence, a changed triage) and clears it. The condition key
 * decides identity, not timing: at most one alert is open per key, {@code alertId} names one occurrence
 * ({@code conditionKey@raisedAt}) and {@link #eventId()} one transition of it, so a consumer that sees a record twice
 * recognises the copy. Acknowledgement and resolution by people are alerting's, not part of this event.
 * Schema: {@code schemas/v1/alert-event.json}.
 *
 * @param revision    0 for {@link Transition#RAISED}, then +1 per transition of the same occurrence
 * @param cause       the triage: what the operator should treat this as, explained in {@code causeExplanation} and
 *                    backed by {@code signals}
 * @param raisedAt    event time at which the condition began (the first reading that met it, or the moment a
 *                    silence started), not the time rules-service noticed it
 * @param time        event time of this transition
 * @param suppressed  for a network fault: the conditions it explains (device silences behind the gateway), which are
 *                    not raised on their own; at most {@link #MAX_LISTED_SUPPRESSED} keys listed,
 *                    {@code suppressedCount} counts them all
 * @param explainedBy for a condition a network fault explains: the network fault's condition key
 * @param proposal    triage's recommendation to quarantine the device; a supervisor accepts it in the registry
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertEvent(
        String alertId,
        String conditionKey,
        Transition transition,
        int revision,
        Severity severity,
        Cause cause,
        String causeExplanation,
        List<Signal> signals,
        String title,
        String recommendedAction,
        String ruleId,
        Integer ruleVersion,
        String deviceId,
        String gatewayId,
        String siteId,
        String department,
        String district,
        Double latitude,
        Double longitude,
        Instant raisedAt,
        Instant time,
        Evidence evidence,
        List<String> suppressed,
        int suppressedCount,
        String explainedBy,
        QuarantineProposal proposal) {

    /** How many suppressed condition keys a network fault lists; {@code suppressedCount} has the whole number. */
    public static final int MAX_LISTED_SUPPRESSED = 1000;

    public AlertEvent {
        signals = signals == null ? List.of() : List.copyOf(signals);
        suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
    }

    /** The CloudEvents id: {@code alertId#revision}, one per transition of one occurrence. */
    public String eventId() {
        return alertId + "#" + revision;
    }

    /** The occurrence id of a condition raised at {@code raisedAt}. */
    public static String alertIdOf(String conditionKey, Instant raisedAt) {
        return conditionKey + "@" + raisedAt;
    }

    public enum Transition { RAISED, UPDATED, CLEARED }

    public enum Severity { INFO, WARNING, MAJOR, CRITICAL }

    /** Triage outcome: what the operator should treat this as. */
    public enum Cause { DEVICE_FAULT, NETWORK_FAULT, INCIDENT }

    /**
     * One fact triage weighed, as a person would read it: {@code name} is stable ({@code gateway-offline},
     * {@code stuck-value}, {@code neighbours-confirm}), {@code detail} says it in words.
     */
    public record Signal(String name, String detail) {
    }

    /**
     * Why the condition holds: the rule's condition in words, its thresholds, and the readings that decided it (the
     * latest few, oldest first).
     */
    public record Evidence(String condition, Map<String, Double> thresholds, List<EvidenceReading> readings) {
        public Evidence {
            thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
            readings = readings == null ? List.of() : List.copyOf(readings);
        }
    }

    /** A reading behind an alert; exactly one of {@code value}, {@code booleanValue}, {@code textValue} is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EvidenceReading(String deviceId, Instant time, String measurement, Double value,
                                  Boolean booleanValue, String textValue) {
    }

    /** Triage recommends quarantining {@code deviceId} because {@code reason}; nothing happens until a person agrees. */
    public record QuarantineProposal(String proposalId, String deviceId, String reason) {
    }
}
