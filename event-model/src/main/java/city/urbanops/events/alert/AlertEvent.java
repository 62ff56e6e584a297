package city.urbanops.events.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One step in an alert's lifecycle on the {@code alerts} topic, keyed by {@code conditionKey} (one open alert per
 * condition). {@code cause} and {@code causeExplanation} carry the triage: device fault, network fault or incident,
 * and why. Schema: {@code schemas/v1/alert-event.json}.
 */
public record AlertEvent(
        String alertId,
        String conditionKey,
        AlertState state,
        Severity severity,
        Cause cause,
        String causeExplanation,
        String title,
        String ruleId,
        Integer ruleVersion,
        String deviceId,
        String gatewayId,
        String department,
        String district,
        Instant raisedAt,
        Instant updatedAt,
        Map<String, String> evidence) {

    public enum AlertState { OPEN, ACKNOWLEDGED, RESOLVED }

    public enum Severity { INFO, WARNING, MAJOR, CRITICAL }

    /** Triage outcome: what the operator should treat this as. */
    public enum Cause { DEVICE_FAULT, NETWORK_FAULT, INCIDENT }
}
